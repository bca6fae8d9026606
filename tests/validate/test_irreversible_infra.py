"""Rule `irreversible` for infrastructure, cloud, cluster, container-volume, database and backup operations
(bash/infra.py): each shape held, wrapped and obfuscated variants held too, look-alikes allowed, and the
screens in front of the full analysis agreeing with it."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.validate import Policy, validate
from agent_immune.validate.bash.infra import sql_loss

from .helpers import assert_allowed, assert_blocked, judge
from .test_fastpath_equivalence import assert_same


def assert_held(source: str, lang: str = "bash", says: str = "") -> None:
    v = judge(source, lang)
    held = [r for r in v.reasons if r.rule == "irreversible"]
    assert v.verdict != "allow" and held, f"{source!r}: expected irreversible, got {v}"
    assert all(r.verdict == "review" for r in held)
    assert says in held[0].message, (says, held[0].message)


HELD = {
    # infrastructure as code
    "terraform destroy -auto-approve": "terraform plan -destroy",
    "terraform destroy": "no undo",
    "terraform -chdir=infra destroy -var-file prod.tfvars": "terraform destroy",
    "terraform destroy --auto-approve -target=aws_db_instance.main": "terraform destroy",
    "tofu destroy": "tofu destroy",
    "terraform apply -destroy": "terraform apply -destroy",
    "terraform apply -destroy=true tf.plan": "terraform apply -destroy",
    "terraform apply -auto-approve": "terraform apply tf.plan",
    "terraform apply -auto-approve=true -var-file prod.tfvars": "plan -out",
    "terraform apply --auto-approve -target aws_instance.x": "apply",
    "terraform $ACTION -auto-approve": "-auto-approve",
    "terraform state rm aws_instance.web": "forget",
    "terraform state push old.tfstate": "overwrites",
    "terraform workspace delete staging": "workspace",
    "terragrunt run-all destroy": "terragrunt destroy",
    "terragrunt run-all apply --terragrunt-non-interactive": "apply",
    "terragrunt run --all -- destroy": "destroy",
    "pulumi destroy -y": "pulumi preview --destroy",
    "pulumi -C infra down --yes": "pulumi down",
    "pulumi stack rm prod": "stack export",
    "pulumi up --yes": "pulumi preview",
    "pulumi up -s prod -f": "pulumi up",
    "pulumi state delete urn:pulumi:x": "forget",
    "cdk destroy --force": "cdk diff",
    "npx aws-cdk destroy MyStack": "aws-cdk destroy",
    "cdktf destroy": "cdktf",
    # cloud CLIs
    "aws s3 rm s3://prod-backups --recursive": "--dryrun",
    "aws --profile prod --region eu-west-1 --output json s3 rm s3://b/k": "aws s3 rm",
    "aws s3 rb s3://b --force": "bucket",
    "aws s3 sync dist s3://b --delete": "destination",
    "aws ec2 terminate-instances --instance-ids i-1": "aws ec2 terminate-instances",
    "aws rds delete-db-cluster --db-cluster-identifier c": "snapshot",
    "aws s3api delete-objects --bucket b --delete file://d.json": "aws s3api delete-objects",
    "aws ecr batch-delete-image --repository-name r --image-ids imageTag=x": "batch-delete-image",
    "aws sqs purge-queue --queue-url q": "purge-queue",
    "aws ec2 deregister-image --image-id ami-1": "deregister-image",
    "aws kms schedule-key-deletion --key-id k": "schedule-key-deletion",
    "gcloud projects delete p --quiet": "gcloud projects delete",
    "gcloud --project prod compute instances delete vm-1": "gcloud compute instances delete",
    "gcloud beta sql instances delete db": "sql instances delete",
    "gcloud storage rm -r gs://b": "gcloud storage rm",
    "gcloud storage rsync dist gs://b --delete-unmatched-destination-objects": "--dry-run",
    "gsutil rm gs://b/k": "gsutil rm",
    "gsutil -m -o GSUtil:parallel_process_count=1 rb gs://b": "gsutil rb",
    "gsutil -m rsync -r -d dist gs://b": "-n",
    "az group delete -n rg --yes": "az group delete",
    "az --subscription prod storage account delete -n acct": "az storage account delete",
    "az storage blob delete-batch -s c --account-name a": "delete-batch",
    "az keyvault purge --name kv": "az keyvault purge",
    "doctl compute droplet delete 1 -f": "doctl compute droplet delete",
    "doctl kubernetes cluster rm c": "rm",
    "fly destroy app": "fly destroy",
    "flyctl apps destroy app -y": "flyctl apps destroy",
    "fly volumes delete vol_1": "volumes delete",
    "heroku apps:destroy --app x --confirm x": "heroku apps:destroy",
    "heroku pg:reset DATABASE_URL": "pg:backups:capture",
    "heroku pg:push mylocaldb DATABASE_URL --app x": "overwrites",
    "vercel remove app --yes": "vercel remove",
    "vc env rm API_KEY production": "vc env rm",
    "netlify sites:delete abc": "netlify sites:delete",
    "firebase firestore:delete -r /users": "firestore:delete",
    "firebase --project prod database:set / data.json": "database:set",
    "supabase db reset --linked": "--linked",
    "supabase db reset --db-url postgres://u@db.example/x": "supabase db reset",
    "supabase projects delete ref": "supabase projects delete",
    "bq rm -r -f -d p:ds": "bq rm",
    "bq query --use_legacy_sql=false 'DELETE FROM ds.t WHERE true'": "DELETE FROM",
    "s3cmd del s3://b/k": "s3cmd del",
    # clusters
    "kubectl delete namespace production": "namespace",
    "kubectl delete ns/production": "kubectl delete ns",
    "kubectl --context prod -n db delete pvc data-0": "kubectl delete pvc",
    "kubectl delete pvc,pv --all": "volume",
    "kubectl delete persistentvolumeclaims.v1 data": "persistentvolumeclaims",
    "kubectl delete crd widgets.example.com": "every object of that kind",
    "kubectl delete node worker-3": "node",
    "kubectl delete sts postgres": "stateful",
    "kubectl delete secret db-creds": "secret",
    "kubectl delete volumesnapshot snap-1": "backup",
    "kubectl delete deploy -l app=web": "selection",
    "kubectl delete svc --all": "--all",
    "kubectl delete configmaps --field-selector metadata.name!=x": "selection",
    "kubectl delete -f k8s/": "--dry-run=client",
    "kubectl delete -k overlays/prod": "manifests",
    "kubectl delete $(kubectl get ns -o name | grep preview-)": "run time",
    "kubectl delete ns x --dry-run=none": "namespace",
    "kubectl drain node-1 --delete-emptydir-data --ignore-daemonsets": "emptyDir",
    "kubectl drain node-1 --force": "drain",
    "kubectl replace --force -f pvc.yaml": "kubectl apply",
    "oc delete project acme": "oc delete project",
    "helm uninstall web": "--dry-run",
    "helm -n db delete pg": "helm delete",
    "helm un x --keep-history": "helm un",
    # containers
    "docker volume rm data": "docker volume rm",
    "docker volume prune -af": "docker volume prune",
    "podman volume remove data": "podman volume remove",
    "docker system prune -af --volumes": "--volumes",
    "docker -H ssh://prod system prune --volumes": "volume",
    "docker compose down -v": "`docker compose down` without -v",
    "docker compose -f prod.yml -p shop down --volumes --remove-orphans": "docker compose down -v",
    "docker --context prod compose rm -fsv": "docker compose rm -v",
    "docker-compose down -v": "`docker-compose down` without -v",
    "podman-compose down -v": "podman-compose down -v",
    "nerdctl compose down -v": "nerdctl compose down",
    # inside a container or pod: the database lives there
    "docker exec -it -e PGPASSWORD=x db psql -U postgres -c 'DROP DATABASE app'": "DROP DATABASE",
    "docker compose exec -T db psql <<'SQL'\nTRUNCATE t;\nSQL": "TRUNCATE",
    "docker compose run --rm web python manage.py flush --noinput": "manage.py flush",
    "podman exec redis redis-cli FLUSHALL": "FLUSHALL",
    "docker run --rm -e PGPASSWORD=x postgres:16 psql -h db -c 'DROP TABLE t'": "DROP TABLE",
    "kubectl exec -it pg-0 -c postgres -- psql -c 'DROP DATABASE app'": "DROP DATABASE",
    "kubectl -n db exec pg-0 -- dropdb app": "dropdb",
    # databases
    "psql -c 'DROP DATABASE production'": "DROP DATABASE",
    "psql --command='drop schema app cascade'": "DROP SCHEMA",
    "psql -XAtc 'TRUNCATE orders'": "TRUNCATE",
    'psql -c "DELETE FROM users"': "without WHERE",
    'psql -c "DELETE FROM users WHERE 1=1"': "without WHERE",
    'psql -c "delete from users where true;"': "without WHERE",
    'psql -c "UPDATE users SET email = NULL"': "UPDATE without WHERE",
    'psql -c "ALTER TABLE users DROP COLUMN email"': "DROP COLUMN",
    'psql -c "SELECT 1; DROP TABLE t"': "DROP TABLE",
    "psql -c 'TRUNCATE \"Order\" CASCADE'": "TRUNCATE", "psql -c 'DELETE FROM \"users\"'": "DELETE FROM",
    'psql -c "/* cleanup */ DROP TABLE t"': "DROP TABLE",
    'psql -c "DROP TABLE \\"Users\\""': "DROP TABLE",
    'psql -c "DROP TABLE $t"': "DROP TABLE",
    "psql <<'SQL'\nBEGIN;\nDROP TABLE t;\nCOMMIT;\nSQL": "transaction",
    "psql -U app <<< 'truncate events'": "TRUNCATE",
    "echo 'DROP DATABASE app;' | psql": "DROP DATABASE",
    "printf 'DELETE FROM t;\\n' | psql app": "DELETE FROM",
    "mysql -u root -e 'DROP DATABASE shop'": "DROP DATABASE",
    "mysql -uroot -pX --execute='truncate table t'": "TRUNCATE",
    "mysql -Ne 'drop table t'": "DROP TABLE",
    "mariadb shop <<EOF\nDELETE FROM carts;\nEOF": "DELETE FROM",
    "echo 'drop database x' | mysql": "DROP DATABASE",
    "sqlcmd -S db -Q 'DROP TABLE dbo.T'": "DROP TABLE",
    "clickhouse-client --query 'DROP TABLE events'": "DROP TABLE",
    "clickhouse client -q 'TRUNCATE TABLE events'": "TRUNCATE",
    "cockroach sql -e 'DROP DATABASE bank CASCADE'": "DROP DATABASE",
    "sqlite3 ~/.config/app/state.db 'DROP TABLE items'": "DROP TABLE",
    "sqlite3 /var/lib/app/app.db <<< 'DELETE FROM users'": "DELETE FROM",
    "dropdb prod": "pg_dump",
    "dropdb -h db --if-exists app": "dropdb",
    "mysqladmin -u root drop shop": "mysqldump",
    "redis-cli FLUSHALL": "FLUSHALL",
    "redis-cli -h cache -p 6380 -n 2 flushdb": "FLUSHDB",
    "redis-cli -a secret flushall async": "FLUSHALL",
    "valkey-cli FLUSHDB": "valkey-cli",
    "echo FLUSHALL | redis-cli": "FLUSHALL",
    "redis-cli <<< 'flushdb'": "FLUSHDB",
    "redis-cli EVAL \"redis.call('flushall')\" 0": "FLUSHALL",
    "mongosh --eval 'db.dropDatabase()'": "dropDatabase",
    "mongosh app --eval 'db.users.drop()'": "mongodump",
    "mongo app --eval 'db.events.deleteMany({})'": "deleteMany",
    "mongosh app --eval 'db.events.remove({}, {})'": "remove",
    "mongosh app <<'JS'\ndb.runCommand({dropDatabase: 1})\nJS": "dropDatabase",
    "rails db:drop": "rails db:drop",
    "bin/rails db:reset": "[mouth] allow",
    "bundle exec rake db:schema:load": "rake db:schema:load",
    "rails db:create db:seed:replant": "replant",
    "npx prisma migrate reset --force": "prisma migrate reset",
    "prisma db push --accept-data-loss": "prisma db push",
    "python manage.py flush --noinput": "manage.py flush",
    "python3 -m django flush": "django-admin flush",
    "uv run python manage.py reset_db": "reset_db",
    "django-admin flush --settings=app.settings": "flush",
    "php artisan migrate:fresh --seed": "artisan migrate:fresh",
    "./vendor/bin/sail artisan db:wipe": "db:wipe",
    "npx sequelize db:drop": "sequelize db:drop",
    "npx typeorm schema:drop -d src/ds.ts": "schema:drop",
    # backups and object stores
    "rclone purge remote:backups": "rclone purge",
    "rclone --config r.conf delete b2:bucket/old": "rclone delete",
    "rclone cleanup remote:": "trash",
    "rclone sync ./dist remote:site": "--backup-dir",
    "restic forget --keep-last 1 --prune": "restic forget",
    "restic -r /srv/restic prune": "restic prune",
    "borg delete ::archive": "borg delete",
    "borg prune --keep-daily 7 /srv/borg": "borg prune",
    "mc rm --recursive --force local/bucket": "mc rm",
    "mc rb local/bucket": "mc rb",
    "mc mirror --remove ./dist local/site": "mc mirror",
    # local volumes
    "zfs destroy -r tank/backups": "zfs destroy", "sudo zfs destroy tank/home@s1": "snapshots",
    "zfs rollback -r tank/data@pre": "zfs rollback", "zpool destroy tank": "every dataset",
    "btrfs subvolume delete /mnt/@old": "subvolume", "lvremove -y vg0/data": "logical volume",
    "vgremove vg0": "volume group",
}


@pytest.mark.parametrize("source", sorted(HELD))
def test_held(source: str) -> None:
    assert_held(source, says=HELD[source])
    assert_same(source)


# wrapped, nested, obfuscated and scripted forms of the shapes above
WRAPPED = [
    "sudo -E terraform destroy", "sudo -u deploy aws s3 rb s3://b --force", "env TF_LOG=1 terraform destroy",
    "timeout 600 terraform destroy -auto-approve", "nice -n 5 dropdb prod", "nohup kubectl delete ns x &",
    "AWS_PROFILE=prod aws s3 rm s3://b --recursive", "command terraform destroy", "exec redis-cli FLUSHALL",
    "bash -c 'terraform destroy -auto-approve'", "sh -c \"kubectl delete namespace prod\"",
    "bash <<'EOF'\ncd infra\nterraform destroy -auto-approve\nEOF", "eval 'dropdb prod'",
    "echo prod | xargs dropdb", "xargs -I{} kubectl delete ns {} <<< prod",
    "kubectl get ns -o name | grep preview- | xargs kubectl delete",
    "aws s3 ls | awk '{print $3}' | xargs -I{} aws s3 rb s3://{} --force",
    "for b in a b; do aws s3 rb \"s3://$b\" --force; done", "if true; then helm uninstall web; fi",
    "make build && terraform destroy -auto-approve || true", "x=$(terraform destroy -auto-approve)",
    "terraform init; terraform apply -auto-approve", "set -e\ncd db\npsql -c 'DROP TABLE t'\necho ok",
    "t\\erraform destroy", "'terraform' destroy", "terraform 'destroy'", "terraform des''troy", "kubectl dele\\te ns x",
    "redis-cli 'FLUSH'ALL", "psql -c 'DR''OP TABLE t'", "docker compose down -\\v",
    "f() { terraform destroy -auto-approve; }; f", "run() { \"$@\"; }; run dropdb prod",
    "uv run python manage.py flush", "poetry run ./manage.py flush", "bundle exec rails db:drop",
    "npx --yes prisma migrate reset --force", "pnpm dlx prisma migrate reset", "/usr/local/bin/terraform destroy",
    "psql \"$DATABASE_URL\" <<SQL\nDROP TABLE $TABLE;\nSQL", "cat <<'SQL' | psql\nTRUNCATE t;\nSQL",
]


@pytest.mark.parametrize("source", WRAPPED)
def test_held_wrapped(source: str) -> None:
    assert_held(source)
    assert_same(source)


CODE = [
    ("import subprocess\nsubprocess.run(['terraform', 'destroy', '-auto-approve'])", "python"),
    ("import subprocess\nsubprocess.check_call(['aws', 's3', 'rm', 's3://b', '--recursive'])", "python"),
    ("import subprocess\nsubprocess.run('kubectl delete ns prod', shell=True)", "python"),
    ("import os\nos.system('docker compose down -v')", "python"),
    ("import subprocess\nsubprocess.run(['psql', '-c', 'DROP TABLE users'])", "python"),
    ("import subprocess\nsubprocess.run(['redis-cli', '-h', 'cache', 'FLUSHALL'])", "python"),
    ("import { execFileSync } from 'child_process';\nexecFileSync('terraform', ['destroy', '-auto-approve']);",
     "typescript"),
    ("const cp = require('child_process');\ncp.execSync('helm uninstall web');", "typescript"),
    ("import { spawn } from 'node:child_process';\nspawn('dropdb', ['prod']);", "typescript"),
]


@pytest.mark.parametrize("source,lang", CODE)
def test_held_from_code(source: str, lang: str) -> None:
    assert_held(source, lang)


ALLOWED = [
    # a database named for tests is dropped and recreated by test set-ups; dry runs and listings of volumes
    "dropdb --if-exists -h localhost -U app app_test", "dropdb test_myapp", "dropdb app-tests",
    "zfs destroy -nrv tank/backups", "zfs list -t snapshot", "zfs snapshot tank/data@pre", "zpool status",
    "btrfs subvolume list /", "btrfs subvolume snapshot / /.snap", "lvs", "lvremove --test vg0/data",
    "terraform plan", "terraform plan -destroy", "terraform plan -destroy -out=d.plan", "terraform init -upgrade",
    "terraform validate", "terraform fmt -check", "terraform apply tf.plan", "terraform apply -auto-approve tf.plan",
    "terraform apply -var-file prod.tfvars tf.plan", "terraform apply", "terraform show tf.plan",
    "terraform state list", "terraform state show aws_instance.x", "terraform workspace select dev",
    "terraform destroy -help", "terragrunt run-all plan", "tofu init", "pulumi up", "pulumi preview --diff",
    "pulumi stack ls", "pulumi stack select prod", "cdk diff", "cdk deploy", "cdk synth",
    "aws s3 ls", "aws s3 ls s3://b --recursive", "aws s3 cp x s3://b/", "aws s3 mv s3://a/k s3://b/k",
    "aws s3 sync dist s3://b", "aws s3 rm s3://b/k --dryrun", "aws s3 sync dist s3://b --delete --dryrun",
    "aws ec2 describe-instances", "aws ec2 run-instances --image-id ami-1", "aws ec2 terminate-instances "
    "--instance-ids i-1 --dry-run", "aws sts get-caller-identity", "aws --profile prod s3 ls",
    "aws logs describe-log-groups", "aws s3api list-buckets", "aws s3api get-object --bucket b --key k out",
    "gcloud compute instances list", "gcloud projects list", "gcloud storage ls gs://b", "gcloud storage cp x gs://b",
    "gcloud config set project p", "gcloud logging read 'protoPayload.methodName=delete'",
    "gsutil ls gs://b", "gsutil cp x gs://b/", "gsutil rsync -r dist gs://b", "gsutil rsync -d -n -r dist gs://b",
    "az vm list", "az group list", "az group show -n rg", "az storage blob list -c c",
    "az storage blob delete-batch -s c --dryrun", "doctl compute droplet list", "fly deploy", "fly status",
    "heroku logs --tail", "heroku pg:info", "heroku pg:backups:capture", "vercel", "vercel --prod",
    "vercel ls", "netlify deploy --prod", "netlify sites:list", "firebase deploy", "firebase firestore:indexes",
    "supabase db reset", "supabase db push", "supabase start", "bq ls", "bq query 'SELECT 1'", "s3cmd ls s3://b",
    "kubectl get pods", "kubectl get ns", "kubectl describe pvc data-0", "kubectl delete pod web-1",
    "kubectl delete pods -l app=web", "kubectl delete pod/web-1 pod/web-2", "kubectl delete po --all",
    "kubectl delete deployment web", "kubectl delete job migrate", "kubectl delete svc web",
    "kubectl delete ns x --dry-run=client", "kubectl delete -f k8s/ --dry-run=server", "kubectl apply -f k8s/",
    "kubectl drain node-1 --ignore-daemonsets", "kubectl replace -f d.yaml", "kubectl rollout restart deploy/web",
    "kubectl cordon node-1", "oc get projects", "helm install web ./chart", "helm upgrade --install web ./chart",
    "helm uninstall web --dry-run", "helm list -A", "helm rollback web 3",
    "docker compose down", "docker compose down --remove-orphans", "docker compose up -d", "docker compose rm -f",
    "docker rm -f web", "docker rm -v web", "docker image prune -a", "docker system prune -af", "docker volume ls",
    "docker volume create data", "docker volume inspect data", "docker-compose down", "docker compose logs -f",
    "podman system prune -a", "docker container prune -f", "docker exec db psql -c 'SELECT 1'",
    "docker compose exec web python manage.py migrate", "kubectl exec pg-0 -- ls", "docker run --rm alpine echo rm",
    "kubectl exec -it pg-0 -- psql -c 'DELETE FROM t WHERE id = 1'", "docker compose run --rm web rails db:migrate",
    "psql -c 'SELECT 1'", "psql -c \"DELETE FROM t WHERE id=1\"", "psql -c \"UPDATE t SET a=1 WHERE id=2\"",
    "psql -c \"DELETE FROM t WHERE 1=1 AND id=5\"", "psql -c \"SELECT 'DROP TABLE x'\"",
    "psql -c \"-- DROP TABLE x\nSELECT 1\"", "psql -c \"SELECT truncate_log()\"",
    "psql -c \"CREATE TABLE t (id int)\"", "psql -c \"INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 2\"",
    "psql -c 'DROP TEMPORARY TABLE scratch'", "psql -f migrations/001.sql", "psql -l",
    "psql <<'SQL'\n/* DROP TABLE t; */\nSELECT 1;\nSQL", "echo 'SELECT 1' | psql", "mysql -e 'SHOW TABLES'",
    "mysql -e 'SELECT \"drop table\" AS note'", "mysql -e \"SELECT TRUNCATE(1.25, 1)\"", "mysql -e \"DELETE FROM sessions WHERE expired = 1\"",
    "sqlite3 app.db 'DROP TABLE cache'", "sqlite3 /tmp/t.db 'DELETE FROM t'", "sqlite3 ~/x.db 'SELECT 1'",
    "createdb app", "pg_dump app > app.sql", "mysqladmin status", "redis-cli GET flush", "redis-cli ping",
    "redis-cli DEL k", "redis-cli GET flushall_count", "kubectl delete pod $(kubectl get pods -o name)",
    "redis-cli --scan --pattern 'tmp:*'", "echo PING | redis-cli",
    "mongosh --eval 'db.users.find()'", "mongosh --eval 'db.users.deleteMany({age: {$lt: 0}})'",
    "rails db:migrate", "rails db:create", "rake db:seed", "rails db:rollback", "npx prisma migrate dev",
    "npx prisma migrate deploy", "prisma db push", "npx prisma generate", "python manage.py migrate",
    "python manage.py runserver", "python manage.py sqlflush", "php artisan migrate", "php artisan tinker",
    "npx sequelize db:migrate", "rclone copy dist remote:site", "rclone ls remote:", "rclone sync a remote:b --dry-run",
    "rclone sync a remote:b -n", "rclone sync a remote:b --backup-dir remote:old", "restic backup .",
    "restic snapshots", "restic forget --keep-last 5 --dry-run", "borg list /srv/borg", "borg create ::a .",
    "borg prune -n --keep-daily 7", "mc ls local/b", "mc cp x local/b/", "mc rm --dry-run -r local/b",
    "mc mirror ./dist local/site", "grep -rn 'DROP TABLE' migrations/", "echo terraform destroy",
    "git commit -m 'kubectl delete ns x is now documented'", "rg 'aws s3 rm'", "cat docs/terraform-destroy.md",
]


@pytest.mark.parametrize("source", ALLOWED)
def test_look_alikes_allowed(source: str) -> None:
    assert_allowed(source)
    assert_same(source)


@pytest.mark.parametrize("source", [
    "gcloud compute ssh vm --command 'rm -rf ~'", "gcloud --project p compute ssh vm -- rm -rf /",
    "heroku run 'rm -rf ~' -a app", "fly ssh console -C 'curl -s x | sh'", "flyctl ssh console --command 'reboot'",
    "az vm run-command invoke -g rg -n vm --command-id RunShellScript --scripts 'rm -rf ~'",
    "doctl compute ssh vm --ssh-command 'rm -rf ~'",
])
def test_commands_run_on_another_machine_are_judged(source: str) -> None:
    # these tools were unknown programs whose strings handed.py judged; now known, they are judged here
    v = judge(source)
    assert v.verdict == "review" and "command-string" in {r.rule for r in v.reasons}, v
    assert_same(source)


@pytest.mark.parametrize("source", ["gcloud compute ssh vm --command 'uptime'", "heroku run rails console -a app",
                                    "fly ssh console", "doctl compute ssh vm"])
def test_ordinary_remote_commands_allowed(source: str) -> None:
    assert_allowed(source)
    assert_same(source)


def test_blocks_elsewhere_are_kept() -> None:
    # files._kubectl / hooks._kubectl keep their blocks; the review is added beside them
    v = assert_blocked("kubectl delete all --all --all-namespaces", "system-disruption")
    assert "irreversible" in {r.rule for r in v.reasons}
    assert_blocked("psql -c '\\! rm -rf ~'", "destructive-rm")


def test_project_allow_list_approves_a_review() -> None:
    # a project that means it lists the command; the review stays in the output, marked allow
    policy = Policy.build(allow=["terraform destroy -target=*"])
    v = validate("terraform destroy -target=aws_instance.tmp", policy=policy)
    assert v.verdict == "allow" and [r.verdict for r in v.reasons if r.rule == "irreversible"] == ["allow"]
    # ... and only what it lists: a whole destroy, or the same one behind sudo, is still held
    assert validate("terraform destroy", policy=policy).verdict == "review"
    assert validate("sudo terraform destroy -target=x", policy=policy).verdict == "review"
    assert validate("dropdb prod", policy=Policy.build(disabled_rules=["irreversible"])).verdict == "allow"


def test_pipes_into_sql_clients_keep_the_shell_escape_rule() -> None:
    # the SQL reader is chained onto escapes.py's reader of the same pipes, not put in its place
    assert_blocked("echo '\\! rm -rf ~' | psql", "destructive-rm")
    assert_held("echo 'DROP TABLE t' | psql")


# -- the SQL reader ----------------------------------------------------------------------------------
@pytest.mark.parametrize("sql,loss", [
    ("DROP DATABASE x", "DROP DATABASE"), ("drop schema if exists s cascade", "DROP SCHEMA"),
    ("Drop\n  Table\tt", "DROP TABLE"), ("TRUNCATE t", "TRUNCATE"), ("truncate table a, b", "TRUNCATE"),
    ("DELETE FROM t", "DELETE FROM without WHERE (every row)"), ("delete from t returning *", "DELETE FROM"),
    ("DELETE FROM t WHERE 1 = 1", "DELETE FROM"), ("UPDATE t SET a = 1", "UPDATE without WHERE (every row)"),
    ("BEGIN; DELETE FROM t; COMMIT", "DELETE FROM"), ("ALTER TABLE t DROP COLUMN c", "ALTER TABLE … DROP COLUMN"),
    ("SELECT 1 /* ; */; DROP TABLE t", "DROP TABLE"), ("DROP TABLE `order`", "DROP TABLE"),
    ("DO $$ BEGIN EXECUTE 'x'; DROP TABLE t; END $$", "DROP TABLE"),
])
def test_sql_loss(sql: str, loss: str) -> None:
    assert (sql_loss(sql) or "").startswith(loss)


@pytest.mark.parametrize("sql", [
    "SELECT 1", "DELETE FROM t WHERE id = 1", "UPDATE t SET a = 1 WHERE b = 2", "-- DROP TABLE t",
    "/* DROP DATABASE d */ SELECT 1", "SELECT 'DROP TABLE t'", "INSERT INTO log VALUES ('TRUNCATE t')",
    "SELECT TRUNCATE(1.5, 0)", "DROP TEMPORARY TABLE t", "DROP INDEX i", "DROP VIEW v", "CREATE TABLE drop_me (a int)",
    "INSERT INTO t SELECT * FROM u ON CONFLICT DO UPDATE SET a = 1", "# DROP TABLE t\nSELECT 1",
    "SELECT 'it''s; DROP TABLE t'",
])
def test_sql_keeps(sql: str) -> None:
    assert sql_loss(sql) is None


_SQL_WORDS = ["DROP", "TABLE", "DATABASE", "delete", "FROM", "WHERE", "id", "=", "1", "t", ";", "--", "\n", "/*", "*/",
              "'", "''", "TRUNCATE", "UPDATE", "SET", "(", ")", "#", "`", '"', "$$", " "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SQL_WORDS), max_size=20).map(" ".join))
def test_sql_loss_is_total_and_blind_to_comments_and_strings(sql: str) -> None:
    found = sql_loss(sql)
    assert found is None or isinstance(found, str)
    # the same text commented out, or given as a string literal, destroys nothing
    assert sql_loss("-- " + sql.replace("\n", " ")) is None
    assert sql_loss("/* " + sql.replace("*/", "") + " */") is None
    assert sql_loss("SELECT '" + sql.replace("'", "''") + "'") is None


_TOOL_WORDS = ["destroy", "delete", "rm", "rb", "-auto-approve", "apply", "tf.plan", "--dry-run", "--dryrun", "-n",
               "--all", "-A", "-l", "app=x", "-f", "x.yaml", "ns", "pod", "pvc", "s3", "ec2", "terminate-instances",
               "compose", "down", "-v", "--volumes", "volume", "system", "prune", "-c", "'DROP TABLE t'", "FLUSHALL",
               "--eval", "'db.dropDatabase()'", "db:drop", "migrate", "reset", "--force", "sync", "--delete",
               "storage", "projects", "--yes", "-y", "state", "stack", "uninstall", "drain", "--backup-dir", "x",
               "\"$X\"", "$(echo delete)", "--profile", "prod", "-n", "--linked", "exec", "run", "-it", "db", "--",
               "psql", "dropdb", "redis-cli", "-e", "python", "manage.py", "flush", "rm", "app_test", "rollback",
               "tank/x@s", "-r", "-nr", "--test"]
_TOOLS = ["terraform", "tofu", "terragrunt", "pulumi", "cdk", "aws", "gcloud", "gsutil", "az", "doctl", "fly",
          "heroku", "vercel", "netlify", "firebase", "supabase", "bq", "kubectl", "oc", "helm", "docker",
          "docker-compose", "podman", "psql", "mysql", "sqlcmd", "clickhouse", "cockroach", "sqlite3 ~/x.db",
          "dropdb", "mysqladmin", "redis-cli", "mongosh", "rails", "prisma", "python manage.py", "php artisan",
          "rclone", "restic", "borg", "mc", "s3cmd", "zfs", "zpool", "btrfs subvolume", "lvremove"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_TOOLS), st.lists(st.sampled_from(_TOOL_WORDS), max_size=6))
def test_screens_agree_with_the_full_analysis(tool: str, words: list[str]) -> None:
    # every tool with the words its handler reads, in any order: the shortcut answers as the walk does
    text = " ".join([tool] + words)
    assert_same(text)
    assert_same(f"ls && {text}")
