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
#else
static ek_isa detect(void) { return EK_ISA_SCALAR; }
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static ek_isa detected = EK_ISA_SCALAR, active = EK_ISA_SCALAR;

static void decide(void) {
    detected = detect();
    const char *wish = getenv("ECODYN_KERNELS");
    active = (wish && strcmp(wish, "scalar") == 0) ? EK_ISA_SCALAR : detected;
}

ek_isa ek_detected_isa(void) { pthread_once(&once, decide); return detected; }
ek_isa ek_active_isa(void) { pthread_once(&once, decide); return active; }

const char *ek_isa_name(ek_isa isa) {
    switch (isa) {
    case EK_ISA_AVX2_FMA: return "avx2+fma";
    default: return "scalar";
    }
}
