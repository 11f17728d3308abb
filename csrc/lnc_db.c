/* lnc_db.c: Lua binding for this engine area (registration filled in by its owner). */
#include "lnc.h"

void lnc_open_db(lua_State *L) { (void)L; }
