/** Endpoints and predictions: the server's views, under the names the console and CLI use. */

export type {
  EndpointView as Endpoint,
  PredictionView as Prediction,
  PredictRequest,
  RowPredictionView as RowPrediction,
} from '@qudao/server/contract';
