/* THCCublasApi.h — the few cuBLAS types, values and signatures THCBlas.c uses, declared here
 * because no cuBLAS headers exist where libTHC is built: cuBLAS is loaded at run time (dlopen).
 * The values are cuBLAS's public ABI (cublas_api.h, library_types.h of CUDA 11-13), checked
 * against those headers. Only the names THCBlas.c needs appear, with a THC prefix on the types so
 * that they can never clash with a real cublas_api.h included elsewhere. */
#ifndef THC_CUBLAS_API_H
#define THC_CUBLAS_API_H

#include <stddef.h>

typedef void *thc_cublasHandle_t;  /* struct cublasContext * */
typedef int thc_cublasStatus_t;    /* cublasStatus_t */
typedef int thc_cublasOperation_t; /* cublasOperation_t */
typedef int thc_cudaDataType_t;    /* cudaDataType (library_types.h) */
typedef int thc_cublasComputeType_t;
typedef int thc_cublasGemmAlgo_t;
typedef int thc_cublasMath_t;
typedef void *thc_cudaStream_t;

/* cublasStatus_t */
enum {
  THC_CUBLAS_STATUS_SUCCESS = 0,
  THC_CUBLAS_STATUS_NOT_INITIALIZED = 1,
  THC_CUBLAS_STATUS_ALLOC_FAILED = 3,
  THC_CUBLAS_STATUS_INVALID_VALUE = 7,
  THC_CUBLAS_STATUS_ARCH_MISMATCH = 8,
  THC_CUBLAS_STATUS_MAPPING_ERROR = 11,
  THC_CUBLAS_STATUS_EXECUTION_FAILED = 13,
  THC_CUBLAS_STATUS_INTERNAL_ERROR = 14,
  THC_CUBLAS_STATUS_NOT_SUPPORTED = 15,
  THC_CUBLAS_STATUS_LICENSE_ERROR = 16
};

/* cublasOperation_t */
enum { THC_CUBLAS_OP_N = 0, THC_CUBLAS_OP_T = 1 };

/* cudaDataType */
enum { THC_CUDA_R_32F = 0, THC_CUDA_R_64F = 1, THC_CUDA_R_16F = 2, THC_CUDA_R_16BF = 14 };

/* cublasComputeType_t */
enum { THC_CUBLAS_COMPUTE_32F = 68, THC_CUBLAS_COMPUTE_64F = 70, THC_CUBLAS_COMPUTE_32F_FAST_TF32 = 77 };

/* cublasGemmAlgo_t */
enum { THC_CUBLAS_GEMM_DEFAULT = -1 };

/* cublasMath_t: the default keeps float32 in full precision (no TF32), as PyTorch's default
 * torch.backends.cuda.matmul.allow_tf32 = False */
enum { THC_CUBLAS_DEFAULT_MATH = 0, THC_CUBLAS_TF32_TENSOR_OP_MATH = 3 };

/* libraryPropertyType (library_types.h) for cublasGetProperty */
enum { THC_MAJOR_VERSION = 0, THC_MINOR_VERSION = 1, THC_PATCH_LEVEL = 2 };

typedef thc_cublasStatus_t (*thc_cublasCreate_t)(thc_cublasHandle_t *handle);
typedef thc_cublasStatus_t (*thc_cublasDestroy_t)(thc_cublasHandle_t handle);
typedef thc_cublasStatus_t (*thc_cublasSetStream_t)(thc_cublasHandle_t handle, thc_cudaStream_t stream);
typedef thc_cublasStatus_t (*thc_cublasSetMathMode_t)(thc_cublasHandle_t handle, thc_cublasMath_t mode);
typedef thc_cublasStatus_t (*thc_cublasSetWorkspace_t)(thc_cublasHandle_t handle, void *workspace, size_t bytes);
typedef thc_cublasStatus_t (*thc_cublasGetProperty_t)(int type, int *value);
typedef thc_cublasStatus_t (*thc_cublasGetVersion_t)(thc_cublasHandle_t handle, int *version);
typedef thc_cublasStatus_t (*thc_cublasGemmEx_t)(thc_cublasHandle_t handle, thc_cublasOperation_t transa,
                                                 thc_cublasOperation_t transb, int m, int n, int k, const void *alpha,
                                                 const void *A, thc_cudaDataType_t Atype, int lda, const void *B,
                                                 thc_cudaDataType_t Btype, int ldb, const void *beta, void *C,
                                                 thc_cudaDataType_t Ctype, int ldc, thc_cublasComputeType_t computeType,
                                                 thc_cublasGemmAlgo_t algo);
typedef thc_cublasStatus_t (*thc_cublasGemmStridedBatchedEx_t)(
    thc_cublasHandle_t handle, thc_cublasOperation_t transa, thc_cublasOperation_t transb, int m, int n, int k,
    const void *alpha, const void *A, thc_cudaDataType_t Atype, int lda, long long strideA, const void *B,
    thc_cudaDataType_t Btype, int ldb, long long strideB, const void *beta, void *C, thc_cudaDataType_t Ctype, int ldc,
    long long strideC, int batchCount, thc_cublasComputeType_t computeType, thc_cublasGemmAlgo_t algo);

#endif
