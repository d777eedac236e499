return load(string.dump(function() return {} end), nil, "b")()
