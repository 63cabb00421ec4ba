-- wrk: GET /api/v1/procedures?q=… with a different query and language each
-- time: accents left out or kept, typos, prefixes, several words.
local queries = {
  {"fr", "residence"}, {"fr", "r%C3%A9sidence"}, {"fr", "certificat%20de%20residence"}, {"fr", "certifcat"},
  {"fr", "allocations%20familiales"}, {"fr", "permis%20de%20conduire"}, {"fr", "subvention%20loyer"},
  {"de", "Fuhrerschein"}, {"de", "F%C3%BChrerschein%20verl%C3%A4ngern"}, {"de", "Kindergeld"}, {"de", "Hnud"},
  {"de", "Umzug"}, {"en", "Kannergeld"}, {"en", "moving%20home"}, {"en", "dgo"}, {"en", "tax%20class"},
  {"en", "certificate%20of%20residence"}, {"en", "driving%20licence%20renewal"}, {"en", "chlid%20benefit"},
  {"en", "identity"},
}
local i = 0
DELAY_MS = 0
request = function()
  i = i % #queries + 1
  local q = queries[i]
  return wrk.format("GET", wrk.path .. "?q=" .. q[2], {["Accept-Language"] = q[1]})
end
function delay()
  return DELAY_MS
end
