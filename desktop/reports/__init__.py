"""Official Thai papers: fonts, Thai text layout, one module per paper."""
