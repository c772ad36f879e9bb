/* Run-time choice of the instruction-set level: cpuid for the features, xgetbv for the
   operating system's support of the 256-bit registers. */
#include "CEcodynKernels.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static unsigned long long read_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static ek_isa detect(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return EK_ISA_SCALAR;
    const int fma = (ecx >> 12) & 1, osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    if (!(fma && osxsave && avx)) return EK_ISA_SCALAR;
    if ((read_xcr0() & 0x6) != 0x6) return EK_ISA_SCALAR; /* XMM and YMM state saved by the OS */
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return EK_ISA_SCALAR;
    return ((ebx >> 5) & 1) ? EK_ISA_AVX2_FMA : EK_ISA_SCALAR;
}

/* AVX-512 F and DQ, with the opmask and 512-bit register state saved by the OS. */
static int detect_avx512(void) {
    unsigned int eax, ebx, ecx, edx;
    if (detect() != EK_ISA_AVX2_FMA) return 0;
    if ((read_xcr0() & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return ((ebx >> 16) & 1) && ((ebx >> 17) & 1);
}
#else
static ek_isa detect(void) { return EK_ISA_SCALAR; }
static int detect_avx512(void) { return 0; }
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static ek_isa detected = EK_ISA_SCALAR, active = EK_ISA_SCALAR;

static void decide(void) {
    detected = detect();
    const char *wish = getenv("ECODYN_KERNELS");
    active = (wish && strcmp(wish, "scalar") == 0) ? EK_ISA_SCALAR : detected;
}

ek_isa ek_detected_isa(void) { pthread_once(&once, decide); return detected; }

static pthread_once_t once512 = PTHREAD_ONCE_INIT;
static int avx512;
static void decide512(void) { avx512 = detect_avx512(); }
int ek_has_avx512(void) { pthread_once(&once512, decide512); return avx512; }
ek_isa ek_active_isa(void) { pthread_once(&once, decide); return active; }

const char *ek_isa_name(ek_isa isa) {
    switch (isa) {
    case EK_ISA_AVX2_FMA: return "avx2+fma";
    default: return "scalar";
    }
}
