#!/usr/bin/env bash
# deploy/gcp/deploy.sh — deploys encore to Google Cloud: Cloud Run + Cloud Scheduler,
# secrets in Secret Manager, state and the shows dataset in Cloud Storage, plays in BigQuery.
#
# Idempotent: every resource is looked up (describe) before it is created, so running it
# again only updates what can change (the image, the service settings, the schedules).
#
# Settings (environment variables):
#   PROJECT            required  the Google Cloud project id
#   REGION             us-central1  Cloud Run, Artifact Registry, Scheduler and the bucket
#   SERVICE            encore    the Cloud Run service (also the prefix of every other name)
#   BUCKET             PROJECT-SERVICE  bucket for the DuckDB state file and the shows export
#   DATASET            encore    BigQuery dataset (plays, catalog, views)
#   BQ_LOCATION        US        BigQuery dataset location
#   SCHEDULE_TIME_ZONE UTC       time zone of the schedules in jobs.conf (and ENCORE_TIMEZONE)
#   IMAGE_TAG          the git commit (or GITHUB_SHA)
#   MEMORY             512Mi     Cloud Run memory
#   SOFT_DELETE        0         the new bucket's soft-delete retention (e.g. 7d); 0 = off, because
#                                every job run overwrites the state file and each overwritten
#                                generation would otherwise be kept and billed for that long
#   SPOTIFY_CLIENT_ID  — (demo mode without it), SPOTIFY_REDIRECT_URI optional
# Secrets (stored in Secret Manager once; never printed): each is read from the variable of
# its name, or NAME_FILE, or asked for on a terminal. ENCORE_SECRET_KEY is generated when not
# given. ROTATE_SECRETS=1 adds a new version for every secret given again.
#   ENCORE_SECRET_KEY (required), SPOTIFY_CLIENT_SECRET, TICKETMASTER_API_KEY,
#   SETLISTFM_API_KEY, SEATGEEK_CLIENT_ID, SEATGEEK_CLIENT_SECRET, ENCORE_ALERT_WEBHOOK
#
# Steps: 1 APIs · 2 Artifact Registry · 3 bucket · 4 BigQuery dataset · 5 service accounts
# and roles · 6 secrets · 7 image (Cloud Build) · 8 Cloud Run (private, max 1 instance) ·
# 9 invoker role · 10 Cloud Scheduler jobs with OIDC tokens.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JOBS_FILE="$HERE/jobs.conf"
SECRETS=(ENCORE_SECRET_KEY SPOTIFY_CLIENT_SECRET TICKETMASTER_API_KEY SETLISTFM_API_KEY
  SEATGEEK_CLIENT_ID SEATGEEK_CLIENT_SECRET ENCORE_ALERT_WEBHOOK)
APIS=(run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com
  cloudscheduler.googleapis.com secretmanager.googleapis.com bigquery.googleapis.com
  storage.googleapis.com iam.googleapis.com)

die() { echo "deploy.sh: $*" >&2; exit 1; }
step() { echo "==> $*"; }
# True when a describe-style command finds the resource (its output is not needed).
exists() { "$@" >/dev/null 2>&1; }

read_settings() {
  [[ -n "${PROJECT:-}" ]] || die "PROJECT is not set: export PROJECT=<your Google Cloud project id> (see the README, \"Deploy to Google Cloud\")"
  [[ "$PROJECT" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] || die "PROJECT \"$PROJECT\" is not a Google Cloud project id (6-30 lowercase letters, digits, hyphens)"
  REGION="${REGION:-us-central1}"
  SERVICE="${SERVICE:-encore}"
  BUCKET="${BUCKET:-$PROJECT-$SERVICE}"
  DATASET="${DATASET:-encore}"
  [[ "$DATASET" =~ ^[A-Za-z0-9_]{1,1024}$ ]] || die "DATASET \"$DATASET\" may only hold letters, digits and underscores"
  BQ_LOCATION="${BQ_LOCATION:-US}"
  SCHEDULE_TIME_ZONE="${SCHEDULE_TIME_ZONE:-UTC}"
  MEMORY="${MEMORY:-512Mi}"
  SOFT_DELETE="${SOFT_DELETE:-0}"
  IMAGE_TAG="${IMAGE_TAG:-${GITHUB_SHA:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || date -u +%Y%m%d%H%M%S)}}"
  IMAGE="$REGION-docker.pkg.dev/$PROJECT/$SERVICE/encore:$IMAGE_TAG"
  RUN_SA="$SERVICE-run@$PROJECT.iam.gserviceaccount.com"
  INVOKER_SA="$SERVICE-scheduler@$PROJECT.iam.gserviceaccount.com"
  [[ -r "$JOBS_FILE" ]] || die "$JOBS_FILE is missing"
}

enable_apis() {
  step "1. APIs"
  local enabled missing=()
  enabled="$(gcloud services list --enabled --project "$PROJECT" --format='value(config.name)')"
  for api in "${APIS[@]}"; do grep -qx "$api" <<<"$enabled" || missing+=("$api"); done
  if ((${#missing[@]} > 0)); then gcloud services enable "${missing[@]}" --project "$PROJECT"; fi
}

ensure_registry() {
  step "2. Artifact Registry repository $SERVICE ($REGION)"
  exists gcloud artifacts repositories describe "$SERVICE" --location "$REGION" --project "$PROJECT" ||
    gcloud artifacts repositories create "$SERVICE" --repository-format=docker --location "$REGION" \
      --project "$PROJECT" --description "encore images"
}

ensure_bucket() {
  step "3. bucket gs://$BUCKET"
  exists gcloud storage buckets describe "gs://$BUCKET" --project "$PROJECT" ||
    gcloud storage buckets create "gs://$BUCKET" --location "$REGION" --uniform-bucket-level-access \
      --public-access-prevention --soft-delete-duration="$SOFT_DELETE" --project "$PROJECT"
}

ensure_dataset() {
  step "4. BigQuery dataset $PROJECT:$DATASET"
  exists bq --project_id="$PROJECT" show "$PROJECT:$DATASET" ||
    bq --project_id="$PROJECT" mk --dataset --data_location="$BQ_LOCATION" \
      --description "encore plays, catalog and views" "$PROJECT:$DATASET"
}

ensure_service_account() { # $1 email, $2 display name
  local name="${1%%@*}"
  exists gcloud iam service-accounts describe "$1" --project "$PROJECT" ||
    gcloud iam service-accounts create "$name" --display-name "$2" --project "$PROJECT"
}

ensure_accounts() {
  step "5. service accounts and roles"
  ensure_service_account "$RUN_SA" "encore on Cloud Run"
  ensure_service_account "$INVOKER_SA" "encore Cloud Scheduler invoker"
  # Bindings are set-if-absent on Google's side: repeating one changes nothing.
  gcloud storage buckets add-iam-policy-binding "gs://$BUCKET" --member "serviceAccount:$RUN_SA" \
    --role roles/storage.objectAdmin --project "$PROJECT" >/dev/null
  for role in roles/bigquery.dataEditor roles/bigquery.jobUser; do
    gcloud projects add-iam-policy-binding "$PROJECT" --member "serviceAccount:$RUN_SA" --role "$role" \
      --condition=None >/dev/null
  done
}

# The value of secret setting $1 in REPLY: $1, else the file named by ${1}_FILE, else a
# prompt on a terminal (not echoed); empty when none of them gives one.
secret_value() {
  local file_var="${1}_FILE"
  REPLY=""
  if [[ -n "${!1:-}" ]]; then
    REPLY="${!1}"
  elif [[ -n "${!file_var:-}" ]]; then
    [[ -r "${!file_var}" ]] || die "$file_var names a file that cannot be read: ${!file_var}"
    REPLY="$(<"${!file_var}")"
  elif [[ -t 0 && -z "${CI:-}" ]]; then
    read -r -s -p "$1 (empty to skip): " REPLY
    echo >&2
  fi
}

# ENCORE_SECRET_KEY -> encore-secret-key; SPOTIFY_CLIENT_SECRET -> encore-spotify-client-secret.
secret_id() {
  local name="${1#ENCORE_}"
  name="${name//_/-}"
  echo "$SERVICE-${name,,}"
}

# Values go to gcloud on stdin (printf is a shell builtin), never on a command line.
ensure_secret() {
  local id
  id="$(secret_id "$1")"
  if exists gcloud secrets describe "$id" --project "$PROJECT"; then
    if [[ "${ROTATE_SECRETS:-0}" == 1 ]]; then
      secret_value "$1"
      if [[ -n "$REPLY" ]]; then
        printf '%s' "$REPLY" | gcloud secrets versions add "$id" --data-file=- --project "$PROJECT" >/dev/null
        echo "    $1: new version"
      fi
    fi
  else
    secret_value "$1"
    if [[ -z "$REPLY" && "$1" == ENCORE_SECRET_KEY ]]; then
      REPLY="$(head -c 32 /dev/urandom | base64)"
      echo "    $1: generated (kept only in Secret Manager)"
    fi
    if [[ -z "$REPLY" ]]; then
      echo "    $1: not given, skipped"
      return 0
    fi
    printf '%s' "$REPLY" | gcloud secrets create "$id" --data-file=- --replication-policy=automatic \
      --project "$PROJECT" >/dev/null
    echo "    $1: stored as $id"
  fi
  REPLY=""
  gcloud secrets add-iam-policy-binding "$id" --member "serviceAccount:$RUN_SA" \
    --role roles/secretmanager.secretAccessor --project "$PROJECT" >/dev/null
  MOUNTED+=("$1=$id:latest")
}

ensure_secrets() {
  step "6. secrets in Secret Manager"
  MOUNTED=()
  for name in "${SECRETS[@]}"; do ensure_secret "$name"; done
}

build_image() {
  step "7. image $IMAGE"
  if exists gcloud artifacts docker images describe "$IMAGE" --project "$PROJECT"; then
    echo "    already built"
    return 0
  fi
  # Cloud Build runs the Dockerfile; .gcloudignore keeps the upload to what the image needs.
  gcloud builds submit "$ROOT" --tag "$IMAGE" --project "$PROJECT"
}

deploy_service() {
  step "8. Cloud Run service $SERVICE (private, one instance at most)"
  # max-instances 1: one writer of the DuckDB state file; the generation precondition in
  # ENCORE_STATE_URL handles the overlap of two runs (see the README).
  local env="ENCORE_SCHEDULER=external,ENCORE_LOG_FORMAT=json,ENCORE_TIMEZONE=$SCHEDULE_TIME_ZONE"
  env+=",ENCORE_STATE_URL=gs://$BUCKET/encore.duckdb,ENCORE_SHOWS_EXPORT=gs://$BUCKET/shows.csv"
  env+=",ENCORE_WAREHOUSE=bigquery://$PROJECT/$DATASET,ENCORE_JOB_INVOKER=$INVOKER_SA"
  if [[ -n "${SPOTIFY_CLIENT_ID:-}" ]]; then env+=",SPOTIFY_CLIENT_ID=$SPOTIFY_CLIENT_ID"; fi
  if [[ -n "${SPOTIFY_REDIRECT_URI:-}" ]]; then env+=",SPOTIFY_REDIRECT_URI=$SPOTIFY_REDIRECT_URI"; fi
  local secrets
  secrets="$(IFS=,; echo "${MOUNTED[*]}")"
  gcloud run deploy "$SERVICE" --image "$IMAGE" --region "$REGION" --project "$PROJECT" \
    --service-account "$RUN_SA" --no-allow-unauthenticated --max-instances 1 --memory "$MEMORY" \
    --timeout 600 --set-env-vars "$env" --set-secrets "$secrets" --quiet
}

grant_invoker() {
  step "9. $INVOKER_SA may invoke $SERVICE"
  gcloud run services add-iam-policy-binding "$SERVICE" --region "$REGION" --project "$PROJECT" \
    --member "serviceAccount:$INVOKER_SA" --role roles/run.invoker >/dev/null
}

trim() {
  local s="$1"
  s="${s#"${s%%[![:space:]]*}"}"
  printf '%s' "${s%"${s##*[![:space:]]}"}"
}

ensure_schedules() {
  step "10. Cloud Scheduler jobs ($SCHEDULE_TIME_ZONE)"
  SERVICE_URL="$(gcloud run services describe "$SERVICE" --region "$REGION" --project "$PROJECT" \
    --format='value(status.url)')"
  [[ -n "$SERVICE_URL" ]] || die "Cloud Run reported no URL for $SERVICE"
  local job cron what verb
  while IFS='|' read -r job cron what; do
    job="$(trim "$job")"
    [[ -z "$job" || "$job" == \#* ]] && continue
    verb=create
    if exists gcloud scheduler jobs describe "$SERVICE-$job" --location "$REGION" --project "$PROJECT"; then
      verb=update
    fi
    # The OIDC token names INVOKER_SA; Cloud Run checks it (and run.invoker) before encore sees it.
    gcloud scheduler jobs "$verb" http "$SERVICE-$job" --location "$REGION" --project "$PROJECT" \
      --schedule "$(trim "$cron")" --time-zone "$SCHEDULE_TIME_ZONE" --uri "$SERVICE_URL/jobs/$job" \
      --http-method POST --oidc-service-account-email "$INVOKER_SA" --oidc-token-audience "$SERVICE_URL" \
      --attempt-deadline 600s --description "$(trim "$what")" >/dev/null
    echo "    $SERVICE-$job: ${verb}d"
  done <"$JOBS_FILE"
}

main() {
  read_settings
  enable_apis
  ensure_registry
  ensure_bucket
  ensure_dataset
  ensure_accounts
  ensure_secrets
  build_image
  deploy_service
  grant_invoker
  ensure_schedules
  step "deployed: $SERVICE_URL (private; open it with: gcloud run services proxy $SERVICE --region $REGION --port 8888)"
}

main "$@"
