/* SQLite's C interface, from Debian's libsqlite3-dev. */
#ifndef CSQLITE_H
#define CSQLITE_H
#include <sqlite3.h>
#endif
