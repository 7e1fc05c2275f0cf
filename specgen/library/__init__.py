"""The clause library and its language: clause files, templating, markup, layouts, the intervention map."""
