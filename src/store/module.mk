# The store embeds its numbered SQL migrations into the library: two sets,
# the platform's (src/store/sql/) and a register's (src/store/sql/registry/),
# chosen at open by gx_store_config.schema; each in two dialects, SQLite's
# (sql/, sql/registry/) and PostgreSQL's (sql/pg/, sql/registry/pg/), the
# same numbers and names (checked at open and by store/schema_agree_test).
STORE_MIGRATIONS := $(sort $(wildcard src/store/sql/[0-9]*.sql))
STORE_REGISTRY_MIGRATIONS := $(sort $(wildcard src/store/sql/registry/[0-9]*.sql))
STORE_PG_MIGRATIONS := $(sort $(wildcard src/store/sql/pg/[0-9]*.sql))
STORE_PG_REGISTRY_MIGRATIONS := $(sort $(wildcard src/store/sql/registry/pg/[0-9]*.sql))
STORE_GEN := store_migrations store_registry_migrations store_pg_migrations store_pg_registry_migrations
GEN_SRCS += $(patsubst %,$(B)/gen/%.c,$(STORE_GEN))

$(B)/gen/store_migrations.c: $(STORE_MIGRATIONS) src/store/embed_sql.sh
	@mkdir -p $(dir $@)
	@sh src/store/embed_sql.sh $(STORE_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/store_registry_migrations.c: $(STORE_REGISTRY_MIGRATIONS) src/store/embed_sql.sh
	@mkdir -p $(dir $@)
	@sh src/store/embed_sql.sh -n gx_store_registry_migrations $(STORE_REGISTRY_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/store_pg_migrations.c: $(STORE_PG_MIGRATIONS) src/store/embed_sql.sh
	@mkdir -p $(dir $@)
	@sh src/store/embed_sql.sh -n gx_store_pg_migrations $(STORE_PG_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/store_pg_registry_migrations.c: $(STORE_PG_REGISTRY_MIGRATIONS) src/store/embed_sql.sh
	@mkdir -p $(dir $@)
	@sh src/store/embed_sql.sh -n gx_store_pg_registry_migrations $(STORE_PG_REGISTRY_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/%_migrations.o: $(B)/gen/%_migrations.c
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c $< -o $@
