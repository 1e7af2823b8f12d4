/*
 * DTaaS's Mosquitto plugin: a client id belongs to the account that connects with it. An account's
 * clients use "<username>" or "<username>/<anything>" (user names cannot hold "/"), so no user can take
 * over, and so disconnect, another user's client by reusing its id. Ids the broker makes for clients
 * that send none ("auto-<random>") are allowed. The password itself is left to the next plugin
 * (dynamic security): this one only refuses, it never lets anyone in.
 */
#include <stddef.h>
#include <string.h>
#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

static mosquitto_plugin_id_t *plugin_id;

static int ownsClientId(const char *user, const char *id)
{
    size_t n = strlen(user);
    return strncmp(id, user, n) == 0 && (id[n] == '\0' || id[n] == '/');
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
    struct mosquitto_evt_basic_auth *auth = event_data;
    const char *id = mosquitto_client_id(auth->client);
    (void)event;
    (void)userdata;
    if (auth->username == NULL || id == NULL) {
        return MOSQ_ERR_PLUGIN_DEFER; /* anonymous: refused by dynamic security */
    }
    if (strncmp(id, "auto-", 5) == 0 || ownsClientId(auth->username, id)) {
        return MOSQ_ERR_PLUGIN_DEFER;
    }
    mosquitto_log_printf(MOSQ_LOG_NOTICE, "dtaas: client id '%s' refused for '%s': use '%s/<name>'",
            id, auth->username, auth->username);
    return MOSQ_ERR_AUTH;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
    for (int i = 0; i < supported_version_count; i++) {
        if (supported_versions[i] == 5) {
            return 5;
        }
    }
    return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options,
        int option_count)
{
    (void)userdata;
    (void)options;
    (void)option_count;
    plugin_id = identifier;
    return mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL);
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
    (void)userdata;
    (void)options;
    (void)option_count;
    return mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
}
