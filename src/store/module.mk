# The store embeds its numbered SQL migrations into the library: two sets,
# the platform's (src/store/sql/) and a register's (src/store/sql/registry/),
# chosen at open by gx_store_config.schema.
STORE_MIGRATIONS := $(sort $(wildcard src/store/sql/[0-9]*.sql))
STORE_REGISTRY_MIGRATIONS := $(sort $(wildcard src/store/sql/registry/[0-9]*.sql))
GEN_SRCS += $(B)/gen/store_migrations.c $(B)/gen/store_registry_migrations.c

$(B)/gen/store_migrations.c: $(STORE_MIGRATIONS) src/store/embed_sql.sh
	@mkdir -p $(dir $@)
	@sh src/store/embed_sql.sh $(STORE_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/store_registry_migrations.c: $(STORE_REGISTRY_MIGRATIONS) src/store/embed_sql.sh
	@mkdir -p $(dir $@)
	@sh src/store/embed_sql.sh -n gx_store_registry_migrations $(STORE_REGISTRY_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/store_migrations.o: $(B)/gen/store_migrations.c
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c $< -o $@

$(B)/gen/store_registry_migrations.o: $(B)/gen/store_registry_migrations.c
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c $< -o $@
