/* guesses.h — every simulator behaviour that the public API notes
 * (shared/api-notes) mark as a guess ([I] or [L]), in one place, so it is easy
 * to change when the real APIs say otherwise. */
#ifndef SIM_GUESSES_H
#define SIM_GUESSES_H

/* KPN Things */
#define KPN_AUDIENCE "4dc82561-f65f-523g-dek9-6c79ec314f02"   /* [D] opaque, not a UUID */
#define KPN_TOKEN_PATH "/api/v3/idp/oidc/token"                /* [C] */
#define KPN_DEFAULT_LIMIT 50                                   /* [D] */
#define KPN_MAX_LIMIT 1000                                     /* [I] */
#define KPN_CONTEXT_HEADER "KPN-Things-Security-Context"       /* [D seed] */
#define KPN_CONTEXT_PREFIX "client:uuid:"                      /* [D seed] */
#define KPN_ALT_CONTEXT_HEADER "x-client-id"                   /* [C] older S9 form */
/* [I] GET /devices/{id}/network-adapters: the sub-resource is named [D S2], its
 * path and fields are not (the spec body was unreadable). It accepts no query
 * parameter and answers one short page {"items":[...]}. */
#define KPN_ADAPTERS_SUFFIX "/network-adapters"
#define KPN_ADAPTER_LORA "lora"          /* [I] type value of a LoRa adapter */
#define KPN_ADAPTER_CELLULAR "cellular"  /* [I] type value of a cellular adapter */
#define KPN_ADAPTER_DEVEUI "devEUI"      /* [I] field of a LoRa adapter */
#define KPN_ADAPTER_IMEI "imei"          /* [I] field of a cellular adapter */
/* [I] GRIP error body for a wrong key id/secret and a key without the service */
#define GRIP_ERR_USER "Feature user does not exist anymore."
#define GRIP_ERR_SERVICE "Feature service does not exist anymore."
#define GRIP_NO_SERVICE_CLIENT_ID "no-service"   /* [I] a documented test client id */

/* akenza */
#define AKENZA_DEFAULT_SIZE 25                   /* [M] */
#define AKENZA_MAX_SIZE 1000                     /* [L] */
/* [I] Backfill paths: akenza documents backfilling, but the paths appear only
 * in its Postman collection, which was not readable; POST
 * /v3/devices/{id}/backfill {timestamp?,topic?,data} and .../backfill/bulk [..]. */
#define AKENZA_BACKFILL_SUFFIX "/backfill"
#define AKENZA_BACKFILL_BULK_SUFFIX "/backfill/bulk"
/* [I] One asset in this many (per workspace) is a SIM card: type SIM_CARD,
 * no deviceId, no data flow, and no /v3/devices/{id} [H JC AssetType]. */
#define AKENZA_SIM_CARD_EVERY 20

/* Partner JWT API (CreditEstimate-like) */
#define PARTNER_AUTH_PATH "/auth"                /* [I] */
#define PARTNER_RATE_PER_S 6.0                   /* [D] 6 calls/s shared */
#define PARTNER_DEFAULT_SIZE 20                  /* [I] */
#define PARTNER_GENERATED_INVITATIONS 150        /* [I] how many exist at start */
/* [I] GET /v1/invitations documents page and size; a sort parameter is our
 * guess (createdAt,asc|desc only). */
#define PARTNER_SORT_PARAM "sort"
/* [I] DELETE /v1/invitations/{code} revokes one created through the API: the
 * real revoke call is not documented (clients use it to see rows go). */

/* [I] A downlink POSTed to KPN /downlinks is QUEUED, then SENT (with a new
 * modifiedAt) this many seconds later, then DELIVERED, or FAILED for every
 * SIM_DOWNLINK_FAIL_EVERY-th one posted (the 5th, 10th, ...), at
 * SIM_DOWNLINK_FINAL_AFTER_S: a client can follow one to a final state. */
#define SIM_DOWNLINK_SENT_AFTER_S 3
#define SIM_DOWNLINK_FINAL_AFTER_S 8
#define SIM_DOWNLINK_FAIL_EVERY 5

#endif
