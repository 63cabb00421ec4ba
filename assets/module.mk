# The design system: GOV.UK Frontend (node_modules, pinned by
# package-lock.json) compiled with dart-sass into build/static/guichet.css,
# which guichetd loads at start (paths.assets) and serves under a content
# hash (src/http/static_files.c). The stylesheet does not depend on the build
# mode, so release and asan share one build/static/. See docs/design-system.md.

STATIC_DIR := build/static
SASS := node_modules/.bin/sass
GUICHET_CSS := $(STATIC_DIR)/guichet.css
GUICHET_SCSS := assets/guichet.scss $(wildcard assets/_*.scss)

# Compiled next to build/static, not inside it: every file in build/static
# is served, so a half-written one must never be there.
$(GUICHET_CSS): $(GUICHET_SCSS) assets/check_css.sh assets/module.mk \
		node_modules/govuk-frontend/package.json node_modules/sass/package.json
	@mkdir -p $(dir $@)
	@echo "  SASS    $@"
	@$(SASS) --style=compressed --no-source-map --load-path=node_modules assets/guichet.scss build/guichet.css.tmp
	@sh assets/check_css.sh build/guichet.css.tmp
	@mv build/guichet.css.tmp $@

# guichetd needs the stylesheet to start. The hook is on the phony goals,
# not on guichetd: the Makefile's bare .SECONDARY makes every target an
# intermediate one, and make skips a missing intermediate prerequisite of a
# target that is otherwise up to date. `make`, `make run`, `make test` and
# `make MODE=asan unit-tests` go through these two.
build unit-tests: $(GUICHET_CSS)

.PHONY: css
css: $(GUICHET_CSS)
