/* guesses.h — every simulator behaviour that the vendors do not document (the
 * public API notes in shared/api-notes mark it [I] or [L]) is listed here, one
 * #define or comment each, so it is easy to change when the real APIs say
 * otherwise. doc/simulator.md has the same list as a table. Values the
 * vendors do document carry their source mark ([D], [C], [H], [M]) for
 * contrast; what the simulator does with documented behaviour (the query
 * parameters each endpoint takes, the filters, the error bodies) lives in the
 * API modules, as tables. */
#ifndef SIM_GUESSES_H
#define SIM_GUESSES_H

/* ---------- KPN Things ---------- */
#define KPN_AUDIENCE "4dc82561-f65f-523g-dek9-6c79ec314f02"   /* [D] opaque, not a UUID */
#define KPN_TOKEN_PATH "/api/v3/idp/oidc/token"                /* [D seed] */
#define KPN_DEFAULT_LIMIT 50                                   /* [D] */
#define KPN_MAX_LIMIT 1000                                     /* [I] nothing documents a maximum */
#define KPN_CONTEXT_HEADER "KPN-Things-Security-Context"       /* [D seed] */
#define KPN_CONTEXT_PREFIX "client:uuid:"                      /* [D seed] */
#define KPN_ALT_CONTEXT_HEADER "x-client-id"                   /* [I] accepted too: the older S9 form [C] */
/* [D seed] texts; [I] the GRIP error body around them
 * ({"error":"invalid_client","error_description":TEXT}, 401 and 403) */
#define GRIP_ERR_USER "Feature user does not exist anymore."
#define GRIP_ERR_SERVICE "Feature service does not exist anymore."
#define GRIP_NO_SERVICE_CLIENT_ID "no-service"   /* [I] the simulator's client id of a key without the service */
/* [I] GET /devices/{id}/network-adapters: the sub-resource is named [D S2], its
 * path and fields are not (the spec body was unreadable). It accepts no query
 * parameter and answers one short page {"items":[...],"next":null,"prev":null}. */
#define KPN_ADAPTERS_SUFFIX "/network-adapters"
#define KPN_ADAPTER_LORA "lora"          /* [I] type value of a LoRa adapter */
#define KPN_ADAPTER_CELLULAR "cellular"  /* [I] type value of a cellular adapter */
#define KPN_ADAPTER_DEVEUI "devEUI"      /* [I] field of a LoRa adapter */
#define KPN_ADAPTER_IMEI "imei"          /* [I] field of a cellular adapter */
/* [I] GET /device-groups?deviceId=UUID: the groups holding one device. S3
 * documents no such filter and no page says how to find a device's groups;
 * the simulator puts each device in one group, of its own customer when
 * there is one (kpn.c device_group) and answers this filter with it. thingtop's KPN provider
 * marks its "device groups" related list a guess for the same reason. */
#define KPN_GROUPS_DEVICE_FILTER "deviceId"
/* [I] The item fields beyond the documented ones: a device is {id, name,
 * description, barcode, clientId, deviceSpecificationId, createdAt,
 * modifiedAt}; a downlink adds deviceId, clientId and status to the documented
 * tagValue, networkId and message; a LoRa downlink adds port. */
/* [I] POST /downlinks takes {"deviceId": UUID, "message": string} (no body
 * schema was readable); networkId of a downlink is "lora" or "lte-m". */
/* [I] A downlink POSTed to KPN /downlinks is QUEUED, then SENT (with a new
 * modifiedAt) SIM_DOWNLINK_SENT_AFTER_S seconds later, then DELIVERED, or
 * FAILED for every SIM_DOWNLINK_FAIL_EVERY-th one posted (the 5th, 10th, ...),
 * at SIM_DOWNLINK_FINAL_AFTER_S: a client can follow one to a final state.
 * GET /downlinks/{id} serves one downlink ([I] path: the standard retrieve). */
/* [I] POST /downlinks answers 201 with the created downlink (the item as
 * GET /downlinks/{id} gives it): thingtop merges it into the list and follows
 * it at GET /downlinks/{id} (providers/kpn-things.conf result, follow). */
#define SIM_DOWNLINK_SENT_AFTER_S 3
#define SIM_DOWNLINK_FINAL_AFTER_S 8
#define SIM_DOWNLINK_FAIL_EVERY 5
/* [I] next/prev links repeat the request's other query parameters besides the
 * cursor; the seed's example link carries only the cursor (api-notes §10). */
/* [I] A limit sent with a cursor is honoured: a cursor is a position in the
 * query's order, not a page, so the page it asks for holds `limit` items
 * whatever the size of the page the link came from (kpn.c list() reads limit
 * the same way with or without a cursor). Whether the real API honours,
 * ignores or refuses it is not documented (api-notes §10). thingtop relies on
 * it to grow its pages after a small first one (providers/kpn-things.conf
 * paging.resize_cursor, which can turn that off). */
#define KPN_CURSOR_TAKES_LIMIT 1

/* ---------- akenza ---------- */
#define AKENZA_DEFAULT_SIZE 25                   /* [M] */
#define AKENZA_MAX_SIZE 1000                     /* [L] nothing documents a maximum */
/* [I] Backfill paths: akenza documents backfilling, but the paths appear only
 * in its Postman collection, which was not readable: POST
 * /v3/devices/{id}/backfill {timestamp?,topic?,data} and .../backfill/bulk
 * [{...},...], answering {"message","count"}. */
#define AKENZA_BACKFILL_SUFFIX "/backfill"
#define AKENZA_BACKFILL_BULK_SUFFIX "/backfill/bulk"
/* [I] One asset in this many (per workspace) is a SIM card: type SIM_CARD
 * [H JC AssetType], no deviceId, no data flow; its other fields are guesses.
 * GET /v3/devices/{id} of a SIM card is 404 [D]. */
#define AKENZA_SIM_CARD_EVERY 20
/* [I] /v3/workspaces?name= matches the whole name exactly (the filter exists
 * [H JC], its semantics are not documented); search= is a case-insensitive
 * part of the name everywhere. */
/* [I] by-device-id matches the DevEUI in any letter case. */

/* ---------- Partner JWT API (CreditEstimate-like) ---------- */
#define PARTNER_AUTH_PATH "/auth"                /* [I] body {"apiKey","authParameter"} too */
#define PARTNER_RATE_PER_S 6.0                   /* [D] 6 calls/s shared */
#define PARTNER_DEFAULT_SIZE 20                  /* [I] */
#define PARTNER_MAX_SIZE 200                     /* [I] */
#define PARTNER_GENERATED_INVITATIONS 150        /* [I] how many exist at start */
/* [I] GET /v1/invitations documents page and size; a sort parameter is our
 * guess (createdAt,asc|desc only). */
#define PARTNER_SORT_PARAM "sort"
/* [I] The invitation item {code, companyName, kvkNumber, email, status, link,
 * createdAt}, its statuses and the credit report's fields. */
/* [I] POST /v1/invitations answers 201 with the created invitation (status
 * PENDING): thingtop merges it into the list (partner-jwt.conf result). */
/* [I] DELETE /v1/invitations/{code} revokes one created through the API: the
 * real revoke call is not documented (clients use it to see rows go). */

#endif
