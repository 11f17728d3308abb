/*
 * lnc_proc.c: worker processes for parallel analysis, and a compact binary serialisation of
 * Lua values to carry records between them.
 *
 *   core.pack(v) -> string          nil, booleans, integers, floats, strings and tables of
 *   core.unpack(s) -> v | nil, err  them (no cycles, at most 100 levels deep)
 *   core.spawn(fn [, opts]) -> Channel  forks: the child runs fn(channel) and exits; the
 *                                   parent gets the other end of the channel. opts.nice (0-19)
 *                                   lowers the child's scheduling priority by that much, so
 *                                   that a parent on the critical path (the single writer of
 *                                   an ingest) is not preempted by its workers
 *   ch:send(s)  ch:recv()  ch:readable()  ch:close_output()  ch:wait()  ch:close()
 *   core.wait_readable(channels [, timeout_ms])  waits until one of them is readable
 *
 * A channel is a Unix stream socket pair carrying frames (an 8-byte length and the bytes).
 * Sends are buffered (flushed past 64 KB, by ch:flush and by every ch:recv); recv returns the
 * next frame, nil at end of stream, or nil, err. The child of spawn never returns to Lua: it
 * flushes and calls _exit (status 0, or 1 after sending an error frame when fn raised, which
 * the parent's recv returns as nil, "newscorpus: worker: <message>"). The parent's SQLite
 * connections are closed in the child without being touched (their finalisers do nothing
 * there: SQLite objects must not cross fork); the child should not open the parent's
 * database files either (SQLite keeps per-process lock state that fork copies). Channels of other
 * workers the parent holds are closed in a new child, so a worker sees end of stream when the
 * parent closes its output or dies.
 */
#define _XOPEN_SOURCE 700 /* setpriority, getpriority */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lnc.h"

#define CHANNEL_MT "newscorpus.Channel"
#define CHANNELS_KEY "newscorpus.channels" /* registry: weak set of open channels */
#define PACK_MAX_DEPTH 100
#define IOBUF 65536
#define FRAME_ERROR ((uint64_t)1 << 63)
#define FRAME_MAX ((uint64_t)1 << 40)

/* ---- pack / unpack ------------------------------------------------------------------- */

enum { T_NIL = 'n', T_TRUE = 't', T_FALSE = 'f', T_INT = 'i', T_FLT = 'd', T_STR = 's' };
enum { T_TAB = 'T' };

/* Room for n more bytes at the end of b (raises when out of memory); returns where they go. */
static unsigned char *room(lua_State *L, nc_buf *b, size_t n) {
  if (nc_buf_reserve(b, n) != NC_OK) luaL_error(L, "newscorpus: pack: out of memory");
  return (unsigned char *)b->data + b->len;
}

static unsigned char *write_varint(unsigned char *p, uint64_t v) {
  do {
    unsigned char c = (unsigned char)(v & 0x7F);
    v >>= 7;
    *p++ = (unsigned char)(c | (v ? 0x80 : 0));
  } while (v);
  return p;
}

#define COUNT_BYTES 5 /* a count written before it is known: a varint padded to 5 bytes */

static void pack_value(lua_State *L, nc_buf *b, int idx, int depth);

/* A table: 'T', the length n of its sequence part, a count of the other pairs (padded to 5
 * bytes, patched at the end), the values t[1..n] (nil for holes), then the other pairs.
 * One pass over the pairs. */
static void pack_table(lua_State *L, nc_buf *b, int idx, int depth) {
  if (depth >= PACK_MAX_DEPTH)
    luaL_error(L, "newscorpus: pack: tables nested more than %d deep (a cycle?)", PACK_MAX_DEPTH);
  luaL_checkstack(L, 4, "pack");
  idx = lua_absindex(L, idx);
  lua_Integer narr = (lua_Integer)lua_rawlen(L, idx);
  unsigned char *p = room(L, b, 1 + 10 + COUNT_BYTES);
  *p++ = T_TAB;
  p = write_varint(p, (uint64_t)narr);
  size_t count_at = (size_t)(p - (unsigned char *)b->data);
  b->len = count_at + COUNT_BYTES;
  for (lua_Integer i = 1; i <= narr; i++) {
    lua_rawgeti(L, idx, i);
    pack_value(L, b, -1, depth + 1);
    lua_pop(L, 1);
  }
  uint64_t nrec = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (!(lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1 && lua_tointeger(L, -2) <= narr)) {
      int kt = lua_type(L, -2);
      if (kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN)
        luaL_error(L, "newscorpus: pack: cannot pack a table key of type %s", lua_typename(L, kt));
      pack_value(L, b, -2, depth + 1);
      pack_value(L, b, -1, depth + 1);
      nrec++;
    }
    lua_pop(L, 1);
  }
  if (nrec >> (7 * COUNT_BYTES)) luaL_error(L, "newscorpus: pack: table too large");
  unsigned char *c = (unsigned char *)b->data + count_at;
  for (int i = 0; i < COUNT_BYTES; i++) {
    c[i] = (unsigned char)((nrec & 0x7F) | (i < COUNT_BYTES - 1 ? 0x80 : 0));
    nrec >>= 7;
  }
}

static void pack_value(lua_State *L, nc_buf *b, int idx, int depth) {
  unsigned char *p;
  switch (lua_type(L, idx)) {
    case LUA_TNIL:
      p = room(L, b, 1);
      *p++ = T_NIL;
      break;
    case LUA_TBOOLEAN:
      p = room(L, b, 1);
      *p++ = lua_toboolean(L, idx) ? T_TRUE : T_FALSE;
      break;
    case LUA_TNUMBER:
      p = room(L, b, 1 + 10);
      if (lua_isinteger(L, idx)) {
        lua_Integer v = lua_tointeger(L, idx);
        uint64_t u = (uint64_t)v;
        *p++ = T_INT;
        p = write_varint(p, (u << 1) ^ (v < 0 ? UINT64_MAX : 0)); /* zigzag */
      } else {
        double d = (double)lua_tonumber(L, idx);
        *p++ = T_FLT;
        memcpy(p, &d, sizeof d);
        p += sizeof d;
      }
      break;
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      if (len > SIZE_MAX - 16) luaL_error(L, "newscorpus: pack: out of memory");
      p = room(L, b, 1 + 10 + len);
      *p++ = T_STR;
      p = write_varint(p, (uint64_t)len);
      memcpy(p, s, len);
      p += len;
      break;
    }
    case LUA_TTABLE:
      pack_table(L, b, idx, depth);
      return;
    default:
      luaL_error(L, "newscorpus: pack: cannot pack a %s", luaL_typename(L, idx));
      return;
  }
  b->len = (size_t)(p - (unsigned char *)b->data);
}

/* core.pack(v) -> string: the binary form of v (see the file comment). Raises for values
 * that cannot be packed (functions, userdata, threads, cycles). */
static int l_pack(lua_State *L) {
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  nc_buf *b = lnc_newbuf(L);
  room(L, b, 4096);
  pack_value(L, b, 1, 0);
  lua_pushlstring(L, b->len ? b->data : "", b->len);
  return 1;
}

typedef struct reader {
  const unsigned char *p, *end;
} reader;

static int get_varint(reader *r, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end) return 0;
    unsigned char c = *r->p++;
    v |= (uint64_t)(c & 0x7F) << shift;
    if (!(c & 0x80)) {
      *out = v;
      return 1;
    }
  }
  return 0;
}

/* Pushes the next value; returns 0 (nothing pushed) on corrupt data. */
static int unpack_value(lua_State *L, reader *r, int depth) {
  if (r->p >= r->end || depth > PACK_MAX_DEPTH) return 0;
  unsigned char tag = *r->p++;
  switch (tag) {
    case T_NIL:
      lua_pushnil(L);
      return 1;
    case T_TRUE:
    case T_FALSE:
      lua_pushboolean(L, tag == T_TRUE);
      return 1;
    case T_INT: {
      uint64_t zz;
      if (!get_varint(r, &zz)) return 0;
      uint64_t u = (zz >> 1) ^ (zz & 1 ? UINT64_MAX : 0);
      lua_pushinteger(L, (lua_Integer)u);
      return 1;
    }
    case T_FLT: {
      double d;
      if ((size_t)(r->end - r->p) < sizeof d) return 0;
      memcpy(&d, r->p, sizeof d);
      r->p += sizeof d;
      lua_pushnumber(L, (lua_Number)d);
      return 1;
    }
    case T_STR: {
      uint64_t len;
      if (!get_varint(r, &len) || len > (uint64_t)(r->end - r->p)) return 0;
      lua_pushlstring(L, (const char *)r->p, (size_t)len);
      r->p += len;
      return 1;
    }
    case T_TAB: {
      uint64_t narr, nrec;
      if (!get_varint(r, &narr) || !get_varint(r, &nrec)) return 0;
      if (!lua_checkstack(L, 4)) return 0; /* the table, a key and a value, per level */
      /* every element takes at least one byte: bounds the preallocation */
      size_t left = (size_t)(r->end - r->p);
      if (narr > left || nrec > left || narr + 2 * nrec > left) return 0;
      lua_createtable(L, (int)(narr > INT32_MAX ? 0 : narr), (int)(nrec > INT32_MAX ? 0 : nrec));
      for (uint64_t i = 1; i <= narr; i++) {
        if (!unpack_value(L, r, depth + 1)) {
          lua_pop(L, 1);
          return 0;
        }
        if (lua_isnil(L, -1))
          lua_pop(L, 1); /* a hole */
        else
          lua_rawseti(L, -2, (lua_Integer)i);
      }
      for (uint64_t i = 0; i < nrec; i++) {
        if (!unpack_value(L, r, depth + 1)) {
          lua_pop(L, 1);
          return 0;
        }
        int kt = lua_type(L, -1);
        int bad =
            kt == LUA_TNIL || (kt == LUA_TNUMBER && lua_tonumber(L, -1) != lua_tonumber(L, -1));
        if (bad || !unpack_value(L, r, depth + 1)) {
          lua_pop(L, 2);
          return 0;
        }
        lua_rawset(L, -3);
      }
      return 1;
    }
    default:
      return 0;
  }
}

/* core.unpack(s) -> the value packed in s, or nil, err when s is not what core.pack made. */
static int l_unpack(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  reader r = {(const unsigned char *)s, (const unsigned char *)s + len};
  lua_settop(L, 1);
  if (!unpack_value(L, &r, 0) || r.p != r.end) {
    lua_settop(L, 1);
    luaL_pushfail(L);
    lua_pushliteral(L, "newscorpus: unpack: corrupt or truncated data");
    return 2;
  }
  return 1;
}

/* ---- channels -------------------------------------------------------------------------- */

typedef struct channel {
  int fd;    /* -1 once closed */
  pid_t pid; /* the worker (parent side), 0 when none or reaped */
  int eof;   /* end of stream seen */
  size_t rpos, rlen;
  size_t wlen;
  unsigned char rbuf[IOBUF];
  unsigned char wbuf[IOBUF];
} channel;

static channel *check_channel(lua_State *L, int idx) {
  channel *c = luaL_checkudata(L, idx, CHANNEL_MT);
  if (c->fd < 0) luaL_error(L, "newscorpus: channel is closed");
  return c;
}

/* Writes all n bytes; 0 on success, else errno. */
static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int flush_out(channel *c) {
  if (c->wlen == 0) return 0;
  int err = write_all(c->fd, c->wbuf, c->wlen);
  c->wlen = 0;
  return err;
}

/* Appends a frame (header flags | len, then the bytes); 0 or errno. */
static int send_frame(channel *c, uint64_t flags, const char *s, size_t len) {
  unsigned char head[8];
  uint64_t h = flags | (uint64_t)len;
  for (int i = 0; i < 8; i++) head[i] = (unsigned char)(h >> (8 * i));
  if (c->wlen + 8 > IOBUF) {
    int err = flush_out(c);
    if (err) return err;
  }
  memcpy(c->wbuf + c->wlen, head, 8);
  c->wlen += 8;
  if (len <= IOBUF - c->wlen) {
    memcpy(c->wbuf + c->wlen, s, len);
    c->wlen += len;
    return 0;
  }
  int err = flush_out(c);
  if (err) return err;
  return write_all(c->fd, (const unsigned char *)s, len);
}

/* Reads up to n bytes into p from the buffer or the socket; returns the count, 0 at end of
 * stream, -1 with errno set on error. */
static ssize_t read_some(channel *c, unsigned char *p, size_t n) {
  if (c->rpos == c->rlen) {
    if (n >= IOBUF) { /* large: straight into the destination */
      for (;;) {
        ssize_t r = read(c->fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        return r;
      }
    }
    ssize_t r;
    do r = read(c->fd, c->rbuf, IOBUF);
    while (r < 0 && errno == EINTR);
    if (r <= 0) return r;
    c->rpos = 0;
    c->rlen = (size_t)r;
  }
  size_t k = c->rlen - c->rpos;
  if (k > n) k = n;
  memcpy(p, c->rbuf + c->rpos, k);
  c->rpos += k;
  return (ssize_t)k;
}

/* Reads exactly n bytes: 1 on success, 0 at a clean end of stream before any byte, -1 on an
 * error or a stream that ends inside (errno set, EPIPE for a truncated frame). */
static int read_exact(channel *c, unsigned char *p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read_some(c, p + got, n - got);
    if (r < 0) return -1;
    if (r == 0) {
      if (got == 0) return 0;
      errno = EPIPE;
      return -1;
    }
    got += (size_t)r;
  }
  return 1;
}

static int chan_fail(lua_State *L, const char *what, int err) {
  luaL_pushfail(L);
  lua_pushfstring(L, "newscorpus: %s: %s", what, strerror(err));
  return 2;
}

/* ch:send(s): queues one frame (sent when 64 KB are queued, by ch:flush or ch:recv).
 * Returns true, or nil, err when the other side is gone. */
static int ch_send(lua_State *L) {
  channel *c = check_channel(L, 1);
  size_t len;
  const char *s = luaL_checklstring(L, 2, &len);
  if ((uint64_t)len >= FRAME_MAX) return luaL_argerror(L, 2, "frame too large");
  int err = send_frame(c, 0, s, len);
  if (err) return chan_fail(L, "send", err);
  lua_pushboolean(L, 1);
  return 1;
}

/* ch:flush(): sends what is queued. true, or nil, err. */
static int ch_flush(lua_State *L) {
  channel *c = check_channel(L, 1);
  int err = flush_out(c);
  if (err) return chan_fail(L, "send", err);
  lua_pushboolean(L, 1);
  return 1;
}

/* ch:recv() -> the next frame (a string), nil at the end of the stream, or nil, err (a
 * broken stream, or the worker's error message when its function raised). Flushes first. */
static int ch_recv(lua_State *L) {
  channel *c = check_channel(L, 1);
  int err = flush_out(c);
  if (err) return chan_fail(L, "send", err);
  if (c->eof) {
    lua_pushnil(L);
    return 1;
  }
  unsigned char head[8];
  int rc = read_exact(c, head, 8);
  if (rc == 0) {
    c->eof = 1;
    lua_pushnil(L);
    return 1;
  }
  if (rc < 0) return chan_fail(L, "recv", errno);
  uint64_t h = 0;
  for (int i = 0; i < 8; i++) h |= (uint64_t)head[i] << (8 * i);
  uint64_t len = h & ~FRAME_ERROR;
  if (len >= FRAME_MAX) {
    c->eof = 1;
    luaL_pushfail(L);
    lua_pushliteral(L, "newscorpus: recv: corrupt frame header");
    return 2;
  }
  luaL_Buffer lb;
  unsigned char *p = (unsigned char *)luaL_buffinitsize(L, &lb, (size_t)len);
  rc = read_exact(c, p, (size_t)len);
  if (rc <= 0) {
    c->eof = 1;
    return chan_fail(L, "recv", rc == 0 ? EPIPE : errno);
  }
  luaL_pushresultsize(&lb, (size_t)len);
  if (h & FRAME_ERROR) {
    c->eof = 1;
    luaL_pushfail(L);
    lua_pushfstring(L, "newscorpus: worker: %s", lua_tostring(L, -2));
    return 2;
  }
  return 1;
}

/* ch:close_output(): flushes and tells the other side no more frames follow (it then sees
 * the end of the stream); receiving still works. true, or nil, err. */
static int ch_close_output(lua_State *L) {
  channel *c = check_channel(L, 1);
  int err = flush_out(c);
  shutdown(c->fd, SHUT_WR);
  if (err) return chan_fail(L, "send", err);
  lua_pushboolean(L, 1);
  return 1;
}

static int wait_status(lua_State *L, channel *c, int options) {
  int status = 0;
  pid_t r;
  do r = waitpid(c->pid, &status, options);
  while (r < 0 && errno == EINTR);
  if (r == 0) return -1; /* still running (WNOHANG) */
  c->pid = 0;
  if (r < 0) return chan_fail(L, "wait", errno);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  luaL_pushfail(L);
  if (WIFSIGNALED(status))
    lua_pushfstring(L, "newscorpus: worker killed by signal %d", WTERMSIG(status));
  else
    lua_pushfstring(L, "newscorpus: worker exited with status %d", WEXITSTATUS(status));
  return 2;
}

/* ch:wait() (parent side): closes the output, waits for the worker to exit and closes the
 * channel. true when it exited normally, else nil, err. */
static int ch_wait(lua_State *L) {
  channel *c = luaL_checkudata(L, 1, CHANNEL_MT);
  if (c->fd >= 0) {
    flush_out(c);
    shutdown(c->fd, SHUT_WR);
  }
  int n = 0;
  if (c->pid > 0) n = wait_status(L, c, 0);
  if (c->fd >= 0) {
    close(c->fd);
    c->fd = -1;
  }
  if (n == 0) {
    lua_pushboolean(L, 1);
    n = 1;
  }
  return n;
}

/* ch:close(): closes the channel; a worker still running is killed and reaped (also __gc,
 * __close). Idempotent. */
static int ch_close(lua_State *L) {
  channel *c = luaL_checkudata(L, 1, CHANNEL_MT);
  if (c->fd >= 0) {
    close(c->fd);
    c->fd = -1;
  }
  if (c->pid > 0) {
    if (wait_status(L, c, WNOHANG) == -1) {
      kill(c->pid, SIGKILL);
      wait_status(L, c, 0);
    }
  }
  return 0;
}

/* ch:pid() -> the worker's process id (parent side), or nil. */
/* ch:readable() -> true when a recv would find bytes at once (buffered, waiting on the
 * socket, or the end of the stream), false when it would wait. */
static int ch_readable(lua_State *L) {
  channel *c = check_channel(L, 1);
  if (c->eof || c->rpos < c->rlen) {
    lua_pushboolean(L, 1);
    return 1;
  }
  struct pollfd pfd = {c->fd, POLLIN, 0};
  int r;
  do r = poll(&pfd, 1, 0);
  while (r < 0 && errno == EINTR);
  lua_pushboolean(L, r > 0);
  return 1;
}

/* core.wait_readable(channels [, timeout_ms]) -> true when one of the channels of the array
 * is readable (as ch:readable), false when timeout_ms (default: no limit) passed first; nil,
 * err when flushing what was sent to one fails. Like recv, it first flushes the output of
 * every channel it waits on. Closed channels are skipped; with none open it returns true at
 * once (a recv then reports). */
static int l_wait_readable(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer timeout = luaL_optinteger(L, 2, -1);
  luaL_argcheck(L, timeout >= -1 && timeout <= INT32_MAX, 2, "timeout must be -1 or more");
  lua_Integer n = luaL_len(L, 1);
  luaL_argcheck(L, n >= 0 && n <= 4096, 1, "at most 4096 channels");
  struct pollfd pfd[64];
  struct pollfd *fds = n <= 64 ? pfd : lua_newuserdatauv(L, (size_t)n * sizeof *fds, 0);
  nfds_t used = 0;
  for (lua_Integer i = 1; i <= n; i++) {
    lua_geti(L, 1, i);
    channel *c = luaL_testudata(L, -1, CHANNEL_MT);
    if (!c)
      luaL_error(L, "bad argument #1 to 'wait_readable' (element %d is not a channel)", (int)i);
    lua_pop(L, 1);
    if (c->fd < 0) continue;
    /* what was sent to it goes out first (as in recv): the worker may be waiting for it */
    int err = flush_out(c);
    if (err) return chan_fail(L, "send", err);
    if (c->eof || c->rpos < c->rlen) {
      lua_pushboolean(L, 1);
      return 1;
    }
    fds[used].fd = c->fd;
    fds[used].events = POLLIN;
    fds[used].revents = 0;
    used++;
  }
  if (used == 0) {
    lua_pushboolean(L, 1);
    return 1;
  }
  int r;
  do r = poll(fds, used, (int)timeout);
  while (r < 0 && errno == EINTR);
  lua_pushboolean(L, r != 0); /* an error (r < 0) also returns: the next recv reports it */
  return 1;
}

static int ch_pid(lua_State *L) {
  channel *c = luaL_checkudata(L, 1, CHANNEL_MT);
  if (c->pid > 0)
    lua_pushinteger(L, (lua_Integer)c->pid);
  else
    lua_pushnil(L);
  return 1;
}

static channel *new_channel(lua_State *L, int fd) {
  channel *c = lua_newuserdatauv(L, sizeof *c, 0);
  c->fd = fd;
  c->pid = 0;
  c->eof = 0;
  c->rpos = c->rlen = c->wlen = 0;
  luaL_setmetatable(L, CHANNEL_MT);
  /* remember it, so a later child closes it */
  lua_getfield(L, LUA_REGISTRYINDEX, CHANNELS_KEY);
  lua_pushvalue(L, -2);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  return c;
}

/* In a new child: closes the parent's other channels (without waiting for their workers). */
static void close_inherited(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, CHANNELS_KEY);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pop(L, 1);
    channel *c = luaL_testudata(L, -1, CHANNEL_MT);
    if (c && c->fd >= 0) {
      close(c->fd);
      c->fd = -1;
    }
    if (c) c->pid = 0;
  }
  lua_pop(L, 1);
}

static int child_body(lua_State *L) {
  /* function at 1, channel at 2 */
  lua_call(L, 1, 0);
  return 0;
}

/* Message handler of the worker: the error as a string (non-string errors by type name). */
static int error_text(lua_State *L) {
  if (lua_type(L, 1) != LUA_TSTRING)
    lua_pushfstring(L, "(error object is a %s)", luaL_typename(L, 1));
  return 1;
}

/* The send buffer asked for on both ends of a worker's socket. */
#define SOCKET_ROOM (2 * 1024 * 1024)

/* core.spawn(fn [, opts]) -> Channel to a new worker process, or nil, err (no fork or
 * socketpair). The child calls fn(channel) with its end of the channel and exits with _exit:
 * 0 when fn returns, 1 when it raises (after sending the message as an error frame).
 * opts.nice: an integer 0-19 added to the child's nice value (best effort: a failure to
 * change it is not an error). */
static int l_spawn(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_Integer nice_by = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    int t = lua_getfield(L, 2, "nice");
    if (t != LUA_TNIL) {
      int isint = 0;
      nice_by = lua_tointegerx(L, -1, &isint);
      luaL_argcheck(L, isint && nice_by >= 0 && nice_by <= 19, 2,
                    "opts.nice must be an integer from 0 to 19");
    }
  }
  lua_settop(L, 1);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return chan_fail(L, "spawn", errno);
  /* room for many results in flight (best effort: the kernel caps it at net.core.wmem_max):
   * a worker ahead of the writer goes on instead of waiting on a full socket */
  int room = SOCKET_ROOM;
  (void)setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &room, sizeof room);
  (void)setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &room, sizeof room);
  channel *mine = new_channel(L, sv[0]); /* at 2 */
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(sv[1]);
    close(sv[0]);
    mine->fd = -1;
    return chan_fail(L, "spawn", err);
  }
  if (pid == 0) {
    if (nice_by > 0) {
      errno = 0;
      int now = getpriority(PRIO_PROCESS, 0);
      if (errno == 0) (void)setpriority(PRIO_PROCESS, 0, now + (int)nice_by);
    }
    close_inherited(L); /* also sv[0], through mine */
    lnc_db_abandon_all(L);
    lua_pushcfunction(L, error_text);
    lua_pushcfunction(L, child_body);
    lua_pushvalue(L, 1);
    channel *theirs = new_channel(L, sv[1]);
    int status = lua_pcall(L, 2, 0, -4);
    if (status != LUA_OK) {
      size_t len = 0;
      const char *msg = lua_tolstring(L, -1, &len);
      send_frame(theirs, FRAME_ERROR, msg ? msg : "", msg ? len : 0);
    }
    flush_out(theirs);
    _exit(status == LUA_OK ? 0 : 1);
  }
  close(sv[1]);
  mine->pid = pid;
  return 1;
}

static int ch_tostring(lua_State *L) {
  channel *c = luaL_checkudata(L, 1, CHANNEL_MT);
  if (c->fd < 0)
    lua_pushliteral(L, "newscorpus.Channel (closed)");
  else
    lua_pushfstring(L, "newscorpus.Channel (worker %d)", (int)c->pid);
  return 1;
}

void lnc_open_proc(lua_State *L) {
  static const luaL_Reg methods[] = {
      {"send", ch_send}, {"flush", ch_flush}, {"recv", ch_recv}, {"close_output", ch_close_output},
      {"wait", ch_wait}, {"close", ch_close}, {"pid", ch_pid},   {"readable", ch_readable},
      {NULL, NULL}};
  static const luaL_Reg funcs[] = {{"pack", l_pack},
                                   {"unpack", l_unpack},
                                   {"spawn", l_spawn},
                                   {"wait_readable", l_wait_readable},
                                   {NULL, NULL}};
  luaL_newmetatable(L, CHANNEL_MT);
  luaL_newlib(L, methods);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ch_close);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, ch_close);
  lua_setfield(L, -2, "__close");
  lua_pushcfunction(L, ch_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  lua_newtable(L); /* weak set of channels */
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, CHANNELS_KEY);
  luaL_setfuncs(L, funcs, 0);
}
