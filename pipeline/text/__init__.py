"""Text helpers shared by the stages: footnote-marker notation, East Asian width, digit and case
folding. Each is a pure function of its text."""
