return {
  { name = 'a', script = 'w.lua', output = 'out/{wek}.pdf' },
  { name = 'b', script = 'w.lua', output = 'out/x.pdf', colour = 'red' },
  { name = 'a', script = 'w.lua', output = 'out/./x.pdf', timeout = -1 },
  { name = 'c', script = 42, output = 'o.pdf', params = { x = {} }, max_memory = '12Q' },
  { script = 'w.lua', output = 'n.pdf' }, 'd',
  { name = 'e/f', script = 'w.lua', output = '{{e}}.pdf', params = 3 },
}
