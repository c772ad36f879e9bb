#include <string.h>
#include "ecodyn_internal.h"

/* One message per thread: a call's error is read on the thread that made the call. */
static _Thread_local char last_error[4096];

const char *ecodyn_last_error(void) { return last_error; }

void ek_abi_clear_error(void) { last_error[0] = '\0'; }

void ek_abi_set_error(const char *message) {
    size_t n = message ? strlen(message) : 0;
    if (n >= sizeof last_error) {
        n = sizeof last_error - 1;
        /* Do not cut a UTF-8 sequence: back up over continuation bytes. */
        while (n > 0 && ((unsigned char)message[n] & 0xC0) == 0x80) n--;
    }
    if (n) memcpy(last_error, message, n);
    last_error[n] = '\0';
}
