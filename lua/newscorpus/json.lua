--- JSON helpers: decoding with lua-cjson (fast), encoding with dkjson (arrays stay arrays,
-- even when empty). Both are Debian-packaged libraries.
-- @module newscorpus.json
local cjson = require "cjson.safe"
local dkjson = require "dkjson"

local json = {}
local ARRAY = { __jsontype = "array" }

--- Marks a table as a JSON array (so an empty one encodes as [] rather than {}).
function json.array(t)
  return setmetatable(t or {}, ARRAY)
end

--- Encodes a value; arrays built with json.array (or non-empty sequences) become arrays.
function json.encode(value)
  return dkjson.encode(value)
end

--- Decodes a JSON text. Returns the value, or nil and a message.
function json.decode(s)
  local value, err = cjson.decode(s)
  if value == nil and err then return nil, "invalid JSON: " .. err end
  return value
end

return json
