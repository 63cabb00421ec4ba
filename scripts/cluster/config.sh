# Sourced by scripts/cluster/up.sh: the configuration files of the cluster's
# servers, written into CLUSTER_DIR from the ports chosen (docs/operations.md
# explains each setting).

# patroni_yml NAME PG_PORT API_PORT: one PostgreSQL server under Patroni.
# Failover: the leader key lives ttl (10) s in etcd and is renewed every
# loop_wait (1) s; a crashed primary is not restarted in place but failed
# over at once (primary_start_timeout 0); only the synchronous standby may
# be promoted (synchronous_mode), so no acknowledged commit is lost; the old
# primary comes back as a replica, rewound (pg_rewind) when it diverged.
patroni_yml() {
	cat <<YML
scope: guichet
namespace: /guichet/
name: $1
restapi:
  listen: 127.0.0.1:$3
  connect_address: 127.0.0.1:$3
etcd3:
  hosts: 127.0.0.1:$ETCD_PORT
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    primary_start_timeout: 0
    synchronous_mode: true
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_connections: 300
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        fsync: 'on'
        synchronous_commit: 'on'
        shared_buffers: 128MB
  initdb:
  - encoding: UTF8
  - locale: C.UTF-8
  - data-checksums
  pg_hba:
  - local all all trust
  - host all all 127.0.0.1/32 trust
  - host replication replicator 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$2
  data_dir: $CLUSTER_DIR/$1/data
  bin_dir: $PGBIN
  pgpass: $CLUSTER_DIR/$1/pgpass
  authentication:
    superuser:
      username: guichet
    replication:
      username: replicator
    rewind:
      username: guichet
  parameters:
    unix_socket_directories: $CLUSTER_DIR/$1
    logging_collector: 'on'
    log_directory: $CLUSTER_DIR/$1/log
    log_filename: postgresql.log
    log_line_prefix: '%m [%p] '
tags:
  nofailover: false
  noloadbalance: false
YML
}

# haproxy_cfg: the one entry point. guichetd's HTTP on WEB_PORT, balanced
# over the instances that say they are ready (/readyz: alive and their
# primary reachable); PostgreSQL on PG_PORT, routed to whichever server
# Patroni's REST API says is the primary (/primary answers 200 there only).
# A server marked down has its sessions cut (on-marked-down
# shutdown-sessions), so no connection stays on a demoted primary. Statistics
# (CSV at /;csv) on STATS_PORT.
haproxy_cfg() {
	cat <<CFG
global
	maxconn 4096
	log stdout format raw local0 info

defaults
	log global
	# Only what went wrong: refused, cut, timed out, 5xx.
	option dontlog-normal
	timeout connect 1s
	timeout check 2s
	retries 1

listen stats
	mode http
	bind 127.0.0.1:$STATS_PORT
	timeout client 10s
	timeout server 10s
	stats enable
	stats uri /
	stats refresh 2s

listen postgresql
	mode tcp
	option tcplog
	bind 127.0.0.1:$PG_PORT
	# Idle database connections of guichetd stay open.
	timeout client 1h
	timeout server 1h
	# A refused connection (the primary just died) is not tried again a
	# second later: guichetd is told at once, answers 503 and reconnects.
	retries 0
	option httpchk OPTIONS /primary
	http-check expect status 200
	default-server inter 500ms fastinter 250ms fall 2 rise 1 on-marked-down shutdown-sessions
	server pg1 127.0.0.1:$PG1_PORT check port $PG1_API
	server pg2 127.0.0.1:$PG2_PORT check port $PG2_API

frontend web
	mode http
	option httplog
	bind 127.0.0.1:$WEB_PORT
	timeout client 30s
	# The client's address for guichetd's rate limits: the header a client
	# sent is dropped, HAProxy's own is added (limits.rate.trust_forwarded_for).
	http-request del-header X-Forwarded-For
	option forwardfor
	default_backend guichetd

backend guichetd
	mode http
	balance roundrobin
	timeout server 60s
	# A request is sent again elsewhere only when its connection failed
	# (nothing was sent): never a request a guichetd may have acted on.
	retry-on conn-failure
	option redispatch 1
	option httpchk GET /readyz
	http-check expect status 200
	default-server inter 500ms fastinter 250ms fall 2 rise 1
	errorfile 503 $CLUSTER_DIR/haproxy-503.http
$(i=1; for p in $GUICHETD_PORTS; do printf '\tserver g%d 127.0.0.1:%s check\n' "$i" "$p"; i=$((i + 1)); done)
CFG
}

# What HAProxy answers when no guichetd is ready (all of them lost their
# primary, during a failover): the problem JSON guichetd itself gives then.
haproxy_503() {
	body='{"type":"urn:guichet:problem:unavailable","title":"The service is temporarily unavailable","status":503,"code":"unavailable","detail":"no instance of guichetd is ready (the database is failing over?)"}'
	printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s' \
		"${#body}" "$body"
}
