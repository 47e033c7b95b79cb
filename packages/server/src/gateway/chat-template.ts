import { gatewayErrors } from './gateway.errors.ts';
import type { ChatCompletionRequest } from './gateway.schemas.ts';

type Message = ChatCompletionRequest['messages'][number];

const SPEAKERS: Record<Message['role'], string> = {
  system: 'System',
  developer: 'System',
  user: 'User',
  assistant: 'Assistant',
};

/**
 * Qudao's GPTs are trained on plain prose, not on a chat format with special tokens, so the
 * chat template is a transcript a prose model can continue: one `Speaker: text` line per
 * message, ending in `Assistant:`. Generation stops where the model starts the user's next
 * turn (CHAT_STOPS), so a reply never speaks for the user.
 */
export function renderChat(messages: Message[]): string {
  const lines = messages.map((m) => `${SPEAKERS[m.role]}: ${contentOf(m).trim()}`);
  return `${lines.join('\n')}\nAssistant:`;
}

export const CHAT_STOPS = ['\nUser:', '\nSystem:'];

function contentOf(message: Message): string {
  const text =
    typeof message.content === 'string'
      ? message.content
      : message.content.map((part) => part.text).join('');
  return wellFormed(text, 'a message');
}

/**
 * JSON may carry lone surrogates (`"\ud800"`), which are not text and cannot be tokenised as
 * UTF-8; they are refused like invalid UTF-8 bytes in the body.
 */
export function wellFormed(text: string, where: string): string {
  if (LONE_SURROGATE.test(text)) throw gatewayErrors.invalidUtf8(where);
  return text;
}

// String.prototype.isWellFormed is ES2024; the packages target ES2023.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
