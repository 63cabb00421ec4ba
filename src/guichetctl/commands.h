#ifndef GX_CTL_COMMANDS_H
#define GX_CTL_COMMANDS_H

/** Subcommands of guichetctl. Each takes the arguments after its name and
 *  returns the process exit status (0 ok, 1 failure, 2 usage error). */

int gx_ctl_template(int argc, char **argv);
int gx_ctl_routes(int argc, char **argv);
int gx_ctl_seed(int argc, char **argv);
int gx_ctl_procedures(int argc, char **argv);
int gx_ctl_org(int argc, char **argv);
int gx_ctl_mail(int argc, char **argv);
int gx_ctl_certificates(int argc, char **argv);
int gx_ctl_translog(int argc, char **argv);
int gx_ctl_backup(int argc, char **argv);
int gx_ctl_restore(int argc, char **argv);

#endif
