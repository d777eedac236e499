return {
  { name = "a\u{202E}b", script = "a.lua", output = "{name}.pdf" },
  { name = "..", script = "a.lua", output = "{name}/x.pdf" },
  { name = "p", script = "a.lua", output = "out/{a}{b}/{c}.pdf", params = { a = ".", b = ".", c = "../x" } },
  { name = "q", script = "a.lua", output = "out/{c}.pdf", params = { c = "x\u{85}y" } },
}
