{
  "targets": [
    {
      "target_name": "qudao_kernels",
      "sources": [
        "native/addon.cc",
        "native/addon_fused.cc",
        "native/addon_conv.cc",
        "native/napi_args.cc",
        "native/napi_params.cc",
        "native/thread_pool.cc",
        "native/gemm.cc",
        "native/gemm_avx2.cc",
        "native/simd.cc",
        "native/conv.cc",
        "native/conv_block.cc",
        "native/winograd.cc",
        "native/pool.cc",
        "native/elementwise.cc",
        "native/fused.cc",
        "native/attention.cc",
        "native/decoder.cc",
        "native/addon_decoder.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-O2", "-O0", "-Os"],
      "cflags_cc!": ["-O2", "-O0", "-Os", "-std=gnu++17", "-std=gnu++1y", "-std=gnu++20"],
      "cflags": ["-O3"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "GCC_OPTIMIZATION_LEVEL": "3",
        "OTHER_CPLUSPLUSFLAGS": ["-fno-math-errno"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "Optimization": 2, "AdditionalOptions": ["/std:c++17"] } }
    }
  ]
}
