/* alloc-lua: runs a Lua script in fresh Lua states whose allocator fails, to check that every
 * allocation failure ends in a Lua error (or nil, message) and never in a crash or a leak.
 *
 *   alloc-lua SCRIPT                      count: run once, print "allocations N"
 *   alloc-lua SCRIPT FIRST STEP LAST      for n = FIRST, FIRST+STEP, ... <= LAST: a new state
 *                                         whose allocations n .. n+W-1 fail (the others
 *                                         succeed), W = ALLOC_WINDOW (default 2: the n-th and
 *                                         the retry Lua makes after an emergency collection;
 *                                         0: every allocation from the n-th on fails)
 *
 * Shrinking never fails (Lua assumes it cannot). The engine allocates through the same
 * allocator (lua_getallocf), so its failure paths are exercised too. After each lua_close the
 * number of live blocks must be 0 (memory the state lost track of); malloc-level leaks (SQLite,
 * libxml2, libstemmer) are AddressSanitizer's job: build this with -fsanitize=address.
 * Prints one line per n ("n ok", "n error: <message>") and a last line "N passed, N failed";
 * exits 1 when a state leaked or the script failed without an allocation having failed.
 * The script gets the arguments in `arg` (arg[0] = SCRIPT) and ALLOC_ARGS from the
 * environment as arg[1] (e.g. a scratch directory). ALLOC_KEEP: colon-separated C modules to
 * keep mapped after each lua_close (dlopen RTLD_NODELETE) so LeakSanitizer can name their
 * frames (and suppressions can match them). */
#define _GNU_SOURCE /* RTLD_NODELETE */
#include <dlfcn.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct counter {
  unsigned long long count; /* allocations and growing reallocations */
  unsigned long long fail_at;
  unsigned long long window; /* allocations failing from fail_at on (0: all of them) */
  unsigned long long failed;
  long long live; /* blocks */
} counter;

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counter *c = ud;
  if (nsize == 0) {
    if (ptr) {
      c->live--;
      free(ptr);
    }
    return NULL;
  }
  if (!ptr || nsize > osize) {
    c->count++;
    if (c->fail_at && c->count >= c->fail_at &&
        (c->window == 0 || c->count < c->fail_at + c->window)) {
      c->failed++;
      return NULL;
    }
  }
  void *p = realloc(ptr, nsize);
  if (p && !ptr) c->live++;
  return p;
}

static void warnf(void *ud, const char *msg, int tocont) {
  (void)ud, (void)msg, (void)tocont; /* errors in __gc during an out-of-memory close */
}

/* The protected part of a run: libraries, the arg table, loading and calling the script.
 * Upvalues-free: the script path and its argument come as light userdata. */
static int protected_run(lua_State *L) {
  const char *script = lua_touserdata(L, 1);
  const char *sarg = lua_touserdata(L, 2);
  lua_settop(L, 0);
  luaL_openlibs(L);
  lua_createtable(L, 2, 0);
  lua_pushstring(L, script);
  lua_rawseti(L, -2, 0);
  if (sarg) {
    lua_pushstring(L, sarg);
    lua_rawseti(L, -2, 1);
  }
  lua_setglobal(L, "arg");
  if (luaL_loadfile(L, script) != LUA_OK) return lua_error(L);
  lua_call(L, 0, 0);
  return 0;
}

/* Runs the script once; returns 0 when it finished, 1 on a Lua error (message in msg).
 * Nothing that allocates runs outside lua_pcall (an unprotected error would abort). */
static int run(const char *script, const char *sarg, counter *c, char *msg, size_t cap) {
  lua_State *L = lua_newstate(failing_alloc, c);
  msg[0] = '\0';
  if (!L) {
    snprintf(msg, cap, "lua_newstate: out of memory");
    return 1;
  }
  lua_setwarnf(L, warnf, NULL);
  /* lua_newstate leaves LUA_MINSTACK free slots: these pushes do not allocate */
  lua_pushcfunction(L, protected_run);
  lua_pushlightuserdata(L, (void *)script);
  lua_pushlightuserdata(L, (void *)sarg);
  int rc = lua_pcall(L, 2, 0, 0);
  if (rc != LUA_OK) {
    const char *m = lua_tostring(L, -1);
    snprintf(msg, cap, "%s", m ? m : "(error object is not a string)");
  }
  lua_close(L);
  return rc != LUA_OK;
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 5) {
    fprintf(stderr, "usage: alloc-lua SCRIPT [FIRST STEP LAST]\n");
    return 2;
  }
  const char *script = argv[1];
  const char *keep = getenv("ALLOC_KEEP");
  while (keep && *keep) {
    char path[1024];
    size_t n = strcspn(keep, ":");
    if (n > 0 && n < sizeof path) {
      memcpy(path, keep, n);
      path[n] = '\0';
      if (!dlopen(path, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE))
        fprintf(stderr, "alloc-lua: %s\n", dlerror());
    }
    keep += n + (keep[n] == ':');
  }
  const char *sarg = getenv("ALLOC_ARGS");
  char msg[512];
  if (argc == 2) {
    counter c = {0, 0, 0, 0, 0};
    int err = run(script, sarg, &c, msg, sizeof msg);
    printf("allocations %llu\n", c.count);
    if (err) fprintf(stderr, "script failed without allocation failures: %s\n", msg);
    if (c.live) fprintf(stderr, "%lld blocks leaked\n", c.live);
    return err || c.live;
  }
  unsigned long long first = strtoull(argv[2], NULL, 10), step = strtoull(argv[3], NULL, 10),
                     last = strtoull(argv[4], NULL, 10);
  if (first == 0 || step == 0) {
    fprintf(stderr, "alloc-lua: FIRST and STEP must be positive\n");
    return 2;
  }
  const char *w = getenv("ALLOC_WINDOW");
  unsigned long long window = w && *w ? strtoull(w, NULL, 10) : 2;
  unsigned long long passed = 0, failed = 0;
  for (unsigned long long n = first; n <= last; n += step) {
    counter c = {0, n, window, 0, 0};
    int err = run(script, sarg, &c, msg, sizeof msg);
    int bad = c.live != 0 || (err && c.failed == 0);
    for (char *p = msg; *p; p++)
      if (*p == '\n') *p = ' ';
    if (bad) {
      printf("%llu FAILED: %s%s (%lld blocks leaked)\n", n, err ? "error: " : "ok", msg, c.live);
      failed++;
    } else {
      printf("%llu %s%s\n", n, err ? "error: " : "ok", msg);
      passed++;
    }
    fflush(stdout);
  }
  printf("%llu passed, %llu failed\n", passed, failed);
  fflush(stdout); /* LeakSanitizer ends the process without flushing stdio */
  return failed != 0;
}
