/* Not part of the ABI and not installed: what libecodyn's Swift side calls to keep the
 * thread-local error message behind ecodyn_last_error(). */
#ifndef ECODYN_INTERNAL_H
#define ECODYN_INTERNAL_H

#include "ecodyn.h"

/* Sets this thread's message (copied, truncated to 4095 bytes on a UTF-8 boundary). */
void ek_abi_set_error(const char *message);
/* Clears this thread's message. */
void ek_abi_clear_error(void);

#endif
