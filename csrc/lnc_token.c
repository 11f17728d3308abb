/*
 * lnc_token.c: Lua binding of nc_token (tokens, sentences, keys).
 *
 * Positions given to Lua are 1-based inclusive byte positions (like string.find): a token at
 * engine offsets [start, end) is reported as start + 1, end.
 */
#include <stdint.h>
#include <string.h>

#include "lnc.h"
#include "nc_token.h"

#define STEMMER_MT "newscorpus.Stemmer"

typedef struct stem_box {
  nc_stemmer *st;
  nc_alloc alloc; /* the Lua state's allocator, for the wrapper (libstemmer uses malloc) */
} stem_box;

static int stem_box_close(lua_State *L) {
  stem_box *b = luaL_checkudata(L, 1, STEMMER_MT);
  nc_stemmer_free(b->st);
  b->st = NULL;
  return 0;
}

/* Pushes a stemmer box (freed by __gc / __close / :close()). */
static nc_stemmer *push_stemmer(lua_State *L) {
  stem_box *b = lua_newuserdatauv(L, sizeof *b, 0);
  b->st = NULL;
  luaL_setmetatable(L, STEMMER_MT);
  lnc_alloc(L, &b->alloc);
  b->st = nc_stemmer_new(&b->alloc);
  if (!b->st) luaL_error(L, "newscorpus: stemmer: out of memory");
  return b->st;
}

/* Raises an argument error for any key of the options table at idx not in `known`. */
static void check_known(lua_State *L, int idx, const char *const *known) {
  if (lua_isnoneornil(L, idx)) return;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    int ok = 0;
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *k = lua_tostring(L, -1);
      for (const char *const *p = known; *p; p++)
        if (strcmp(k, *p) == 0) ok = 1;
    }
    if (!ok) {
      lua_pushfstring(L, "unknown option '%s'", luaL_tolstring(L, -1, NULL));
      luaL_argerror(L, idx, lua_tostring(L, -1));
    }
  }
}

static const char *const tok_opts[] = {"ud", "split_hyphens", "key", "stem", "stopwords", NULL};
static const char *const sent_opts[] = {"join_lines", NULL};
static const char *const key_opts[] = {"fold", "nfkc", "strip", "stem", NULL};

static unsigned tok_flags(lua_State *L, int idx) {
  unsigned f = 0;
  if (lnc_optbool(L, idx, "ud", 0)) f |= NC_TOK_UD;
  if (lnc_optbool(L, idx, "split_hyphens", 0)) f |= NC_TOK_HYPHEN;
  return f;
}

/* Upvalues of the token iterator. */
enum {
  UV_TEXT = 1, /* the subject string (anchors state->s) */
  UV_STATE,    /* tok_state userdata */
  UV_BUF,      /* key buffer box (or false) */
  UV_STEM,     /* stemmer box (or false) */
  UV_KINDS     /* 10 kind names, UV_KINDS .. UV_KINDS + 9 */
};

/* Iterator state, updated in place (no Lua values created per step but the results). Tokens
 * come from nc_token_fill, TOK_BATCH at a time. */
enum { TOK_BATCH = 64 };
typedef struct tok_state {
  const char *s;   /* the string in UV_TEXT */
  size_t len, pos; /* pos: where the next batch starts */
  size_t bi, bn;   /* next token in tb, tokens in tb */
  nc_token tb[TOK_BATCH];
  unsigned flags, kflags;
  int drop_stop;
  nc_buf *buf;       /* UV_BUF when kflags */
  stem_box *stemmer; /* UV_STEM when stemming */
} tok_state;

static int tokens_iter(lua_State *L) {
  tok_state *ts = lua_touserdata(L, lua_upvalueindex(UV_STATE));
  nc_token t;
  for (;;) {
    if (ts->bi == ts->bn) {
      ts->bi = 0;
      ts->bn = ts->pos < ts->len
                   ? nc_token_fill(ts->s, ts->len, &ts->pos, ts->flags, ts->tb, TOK_BATCH)
                   : 0;
      if (ts->bn == 0) {
        ts->pos = ts->len;
        return 0;
      }
    }
    t = ts->tb[ts->bi++];
    if (ts->drop_stop && nc_is_stopword(ts->s + t.start, t.end - t.start)) continue;
    break;
  }
  if (ts->kflags) {
    nc_buf *b = ts->buf;
    nc_stemmer *st = ts->stemmer ? ts->stemmer->st : NULL;
    if ((ts->kflags & NC_KEY_STEM) && !st) return luaL_error(L, "newscorpus: stemmer closed");
    b->len = 0;
    int rc = nc_token_key_ex(ts->s + t.start, t.end - t.start, ts->kflags, st, b);
    if (rc) return lnc_pushfail(L, rc, "tokens");
    lua_pushlstring(L, b->data ? b->data : "", b->len);
  } else {
    lua_pushlstring(L, ts->s + t.start, t.end - t.start);
  }
  lua_pushinteger(L, (lua_Integer)t.start + 1);
  lua_pushinteger(L, (lua_Integer)t.end);
  int k = (t.kind >= NC_TOK_WORD && t.kind <= NC_TOK_EMOJI) ? (int)t.kind : NC_TOK_SYMBOL;
  lua_pushvalue(L, lua_upvalueindex(UV_KINDS + k - 1));
  return 4;
}

/* nc.tokens(text [, opts]) -> iterator yielding token, start, stop, kind (1-based inclusive).
 * opts: ud, split_hyphens, key (folded NFKC key instead of the surface), stem (implies key),
 * stopwords (false: skip stop words). */
static int l_tokens(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  check_known(L, 2, tok_opts);
  unsigned flags = tok_flags(L, 2);
  unsigned kflags = 0;
  if (lnc_optbool(L, 2, "key", 0)) kflags |= NC_KEY_FOLD | NC_KEY_NFKC;
  int stem = lnc_optbool(L, 2, "stem", 0);
  if (stem) kflags |= NC_KEY_FOLD | NC_KEY_NFKC | NC_KEY_STEM;
  int drop_stop = !lnc_optbool(L, 2, "stopwords", 1);
  lua_settop(L, 1);
  tok_state *ts = lua_newuserdatauv(L, sizeof *ts, 0);
  ts->s = text;
  ts->len = len;
  ts->pos = 0;
  ts->bi = ts->bn = 0;
  ts->flags = flags;
  ts->kflags = kflags;
  ts->drop_stop = drop_stop;
  ts->buf = NULL;
  ts->stemmer = NULL;
  if (kflags)
    ts->buf = lnc_newbuf(L);
  else
    lua_pushboolean(L, 0);
  if (stem) {
    (void)push_stemmer(L);
    ts->stemmer = lua_touserdata(L, -1);
  } else {
    lua_pushboolean(L, 0);
  }
  for (int k = NC_TOK_WORD; k <= NC_TOK_EMOJI; k++) lua_pushstring(L, nc_tok_kind_name(k));
  lua_pushcclosure(L, tokens_iter, UV_KINDS + (NC_TOK_EMOJI - NC_TOK_WORD));
  return 1;
}

static int sentences_iter(lua_State *L) {
  size_t len, st, en;
  const char *s = lua_tolstring(L, lua_upvalueindex(1), &len);
  lua_Integer pos = lua_tointeger(L, lua_upvalueindex(2));
  unsigned flags = (unsigned)lua_tointeger(L, lua_upvalueindex(3));
  if (pos < 0 || (size_t)pos >= len || !nc_sentence_next(s, len, (size_t)pos, flags, &st, &en)) {
    lua_pushinteger(L, (lua_Integer)len);
    lua_replace(L, lua_upvalueindex(2));
    return 0;
  }
  /* never stall: the next search starts after this sentence (or one byte on) */
  size_t next = en > (size_t)pos ? en : (size_t)pos + 1;
  lua_pushinteger(L, (lua_Integer)next);
  lua_replace(L, lua_upvalueindex(2));
  lua_pushinteger(L, (lua_Integer)st + 1);
  lua_pushinteger(L, (lua_Integer)en);
  return 2;
}

static unsigned sent_flags(lua_State *L, int idx) {
  check_known(L, idx, sent_opts);
  return lnc_optbool(L, idx, "join_lines", 0) ? NC_SENT_JOIN_LINES : 0;
}

/* nc.sentences(text [, opts]) -> iterator yielding start, stop (1-based inclusive).
 * opts: join_lines (a single newline does not end a sentence). */
static int l_sentences(lua_State *L) {
  luaL_checkstring(L, 1);
  unsigned flags = sent_flags(L, 2);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  lua_pushinteger(L, (lua_Integer)flags);
  lua_pushcclosure(L, sentences_iter, 3);
  return 1;
}

/* nc.token_count(text [, opts]) -> number of tokens (opts: ud, split_hyphens). */
static int l_token_count(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  check_known(L, 2, tok_opts);
  unsigned flags = tok_flags(L, 2);
  lua_Integer count = 0;
  size_t pos = 0, got;
  nc_token buf[128];
  while ((got = nc_token_fill(s, len, &pos, flags, buf, 128)) > 0) count += (lua_Integer)got;
  lua_pushinteger(L, count);
  return 1;
}

/* nc.token_spans(text [, opts]) -> starts, stops, kinds: three arrays (1-based inclusive
 * positions, kind names). opts: ud, split_hyphens. */
static int l_token_spans(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  check_known(L, 2, tok_opts);
  unsigned flags = tok_flags(L, 2);
  lua_settop(L, 2);
  lua_createtable(L, 0, 0); /* 3 starts */
  lua_createtable(L, 0, 0); /* 4 stops */
  lua_createtable(L, 0, 0); /* 5 kinds */
  for (int k = NC_TOK_WORD; k <= NC_TOK_EMOJI; k++) lua_pushstring(L, nc_tok_kind_name(k));
  lua_Integer i = 0;
  size_t pos = 0, got;
  nc_token buf[128];
  while ((got = nc_token_fill(s, len, &pos, flags, buf, 128)) > 0) {
    for (size_t q = 0; q < got; q++) {
      const nc_token *t = &buf[q];
      i++;
      lua_pushinteger(L, (lua_Integer)t->start + 1);
      lua_rawseti(L, 3, i);
      lua_pushinteger(L, (lua_Integer)t->end);
      lua_rawseti(L, 4, i);
      int k = (t->kind >= NC_TOK_WORD && t->kind <= NC_TOK_EMOJI) ? (int)t->kind : NC_TOK_SYMBOL;
      lua_pushvalue(L, 5 + k);
      lua_rawseti(L, 5, i);
    }
  }
  lua_settop(L, 5);
  return 3;
}

/* nc.sentence_spans(text [, opts]) -> array of sentence records { start, stop } with the
 * positions both as fields start/stop and as [1]/[2]. opts: join_lines. */
static int l_sentence_spans(lua_State *L) {
  size_t len, st, en;
  const char *s = luaL_checklstring(L, 1, &len);
  unsigned flags = sent_flags(L, 2);
  lua_newtable(L);
  lua_Integer i = 0;
  size_t pos = 0;
  while (pos < len && nc_sentence_next(s, len, pos, flags, &st, &en)) {
    lua_createtable(L, 2, 2);
    lua_pushinteger(L, (lua_Integer)st + 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "start");
    lua_rawseti(L, -2, 1);
    lua_pushinteger(L, (lua_Integer)en);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "stop");
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, -2, ++i);
    pos = en > pos ? en : pos + 1;
  }
  return 1;
}

/* core.pack_spans(list) -> string: the spans of list (tables with integer fields start and
 * stop, 0 to 4294967295) as pairs of little-endian unsigned 32-bit integers, 8 bytes a span,
 * in list order (the articles.sentences BLOB of the store). For an element that is not such a
 * table: nil, its index. */
static int l_pack_spans(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer n = luaL_len(L, 1);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (lua_Integer i = 1; i <= n; i++) {
    int ok = 0;
    lua_Integer v[2] = {0, 0};
    if (lua_geti(L, 1, i) == LUA_TTABLE) {
      lua_getfield(L, -1, "start");
      lua_getfield(L, -2, "stop");
      int a_int = 0, b_int = 0;
      v[0] = lua_tointegerx(L, -2, &a_int);
      v[1] = lua_tointegerx(L, -1, &b_int);
      /* lua_tointegerx also converts floats and numeric strings: only true integers count */
      ok = a_int && b_int && lua_isinteger(L, -2) && lua_isinteger(L, -1) && v[0] >= 0 &&
           v[1] >= 0 && v[0] <= 0xFFFFFFFF && v[1] <= 0xFFFFFFFF;
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
    if (!ok) {
      lua_pushnil(L);
      lua_pushinteger(L, i);
      return 2;
    }
    unsigned char out[8];
    for (int k = 0; k < 2; k++) {
      uint32_t u = (uint32_t)v[k];
      out[4 * k] = (unsigned char)(u & 0xFF);
      out[4 * k + 1] = (unsigned char)((u >> 8) & 0xFF);
      out[4 * k + 2] = (unsigned char)((u >> 16) & 0xFF);
      out[4 * k + 3] = (unsigned char)(u >> 24);
    }
    luaL_addlstring(&b, (const char *)out, 8);
  }
  luaL_pushresult(&b);
  return 1;
}

/* nc.key(word [, opts]) -> key string. opts: fold (default true), nfkc (default true),
 * strip (default false: drop punctuation, "U.S." -> "us"), stem (default false: English
 * Snowball stem). Invalid UTF-8 becomes U+FFFD. */
static int l_key(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  check_known(L, 2, key_opts);
  unsigned f = 0;
  if (lnc_optbool(L, 2, "fold", 1)) f |= NC_KEY_FOLD;
  if (lnc_optbool(L, 2, "nfkc", 1)) f |= NC_KEY_NFKC;
  if (lnc_optbool(L, 2, "strip", 0)) f |= NC_KEY_STRIP;
  nc_stemmer *st = NULL;
  if (lnc_optbool(L, 2, "stem", 0)) {
    f |= NC_KEY_STEM;
    lua_getfield(L, LUA_REGISTRYINDEX, STEMMER_MT ".shared");
    if (lua_isnil(L, -1)) { /* one stemmer per Lua state, kept in the registry */
      lua_pop(L, 1);
      push_stemmer(L);
      lua_pushvalue(L, -1);
      lua_setfield(L, LUA_REGISTRYINDEX, STEMMER_MT ".shared");
    }
    stem_box *box = lua_touserdata(L, -1);
    if (!box->st) box->st = nc_stemmer_new(&box->alloc); /* closed by the user: reopen */
    st = box->st;
    if (!st) return luaL_error(L, "newscorpus: stemmer: out of memory");
  }
  nc_buf *b = lnc_newbuf(L);
  int rc = nc_token_key_ex(s, len, f, st, b);
  if (rc) return lnc_pushfail(L, rc, "key");
  lua_pushlstring(L, b->data ? b->data : "", b->len);
  return 1;
}

/* nc.is_stopword(word) -> boolean (English Snowball stop list, case-insensitive, ’ = '). */
static int l_is_stopword(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lua_pushboolean(L, nc_is_stopword(s, len));
  return 1;
}

void lnc_open_token(lua_State *L) {
  static const luaL_Reg funcs[] = {{"tokens", l_tokens},
                                   {"sentences", l_sentences},
                                   {"token_count", l_token_count},
                                   {"token_spans", l_token_spans},
                                   {"sentence_spans", l_sentence_spans},
                                   {"pack_spans", l_pack_spans},
                                   {"key", l_key},
                                   {"is_stopword", l_is_stopword},
                                   {NULL, NULL}};
  luaL_newmetatable(L, STEMMER_MT);
  lua_pushcfunction(L, stem_box_close);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, stem_box_close);
  lua_setfield(L, -2, "__close");
  lua_newtable(L);
  lua_pushcfunction(L, stem_box_close);
  lua_setfield(L, -2, "close");
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  luaL_setfuncs(L, funcs, 0);
}
