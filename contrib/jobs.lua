-- SPDX-License-Identifier: GPL-3.0-or-later
-- jobs.lua — the manifest of brief-weekly.service: every Monday, last
-- week's 简报 and its one-page digest. The Debian package and `make install`
-- put this file in /usr/share/doc/brief/examples/ (or $(PREFIX)/share/doc/
-- brief/examples/); the service reads /etc/brief/jobs.lua:
--
--   mkdir -p /etc/brief && cp /usr/share/doc/brief/examples/jobs.lua /etc/brief/
--
-- Set `org` to your office's name (九龙坡区 → 九龙坡区工会工作简报), and add
-- jobs as docs/batch.md and brief-batch(1) describe. Outputs go to
-- /var/lib/brief/out/, named after the day the batch runs ({date}).
-- Installed elsewhere than /usr, or run from a clone: change `scripts`.

local scripts = "/usr/share/brief/scripts/"
local out = "/var/lib/brief/out/"
local org = ""          -- e.g. "九龙坡区"

return {
  {
    name = "weekly",
    script = scripts .. "weekly.lua",
    output = out .. "weekly-{date}.pdf",
    params = { week = "last", org = org },
    timeout = 300,           -- seconds
    max_memory = "512M",
  },
  {
    name = "digest",
    script = scripts .. "digest.lua",
    output = out .. "digest-{date}.pdf",
    params = { week = "last", org = org },
    timeout = 120,
  },
}
