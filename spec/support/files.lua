-- Helpers of the specs for temporary files and directories (loaded with dofile; not a spec).
local lfs = require "lfs"

local M = {}

-- A fresh path in the temporary directory, nothing created there.
function M.tmpname()
  local path = os.tmpname()
  os.remove(path)
  return path
end

-- A new empty temporary directory.
function M.tmpdir()
  local path = M.tmpname()
  assert(lfs.mkdir(path))
  return path
end

-- Writes data (bytes) to path, replacing the file.
function M.write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

-- Removes a directory and everything below it.
function M.rmtree(path)
  for name in lfs.dir(path) do
    if name ~= "." and name ~= ".." then
      local p = path .. "/" .. name
      if lfs.attributes(p, "mode") == "directory" then M.rmtree(p) else os.remove(p) end
    end
  end
  lfs.rmdir(path)
end

-- Removes an SQLite database file with its WAL, shared-memory and journal files.
function M.remove_db(path)
  for _, suffix in ipairs({ "", "-wal", "-shm", "-journal" }) do os.remove(path .. suffix) end
end

return M
