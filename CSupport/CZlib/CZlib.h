/* zlib (deflate and crc32) for PNG files, from Debian's zlib1g-dev. */
#ifndef CZLIB_H
#define CZLIB_H
#include <zlib.h>
#endif
