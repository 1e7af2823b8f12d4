/*
 * DTaaS's Mosquitto plugin for twin-aware idleness: counts the messages each account publishes and
 * writes the counts, one "<username> <count>" line each, to the file given by plugin_opt_traffic_file
 * (at most every 5 s and only after a change, by a rename so a reader never sees half a file). The
 * services-provisioner reads it: a user whose twins publish is using the platform even with no tool
 * open. Accounts can publish only on their own topics (dynamic security), so a publisher's count is
 * the traffic on that user's topics. The broker's own messages (no username) are not counted.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#define WRITE_EVERY_S 5

struct account {
    char *username;
    unsigned long long published;
    struct account *next;
};

static mosquitto_plugin_id_t *plugin_id;
static struct account *accounts; /* a short list: one entry per account that ever published */
static char *traffic_file;
static int changed;
static time_t last_written;

static struct account *account_of(const char *username)
{
    for (struct account *a = accounts; a != NULL; a = a->next) {
        if (strcmp(a->username, username) == 0) {
            return a;
        }
    }
    struct account *a = calloc(1, sizeof *a);
    if (a == NULL || (a->username = strdup(username)) == NULL) {
        free(a);
        return NULL;
    }
    a->next = accounts;
    accounts = a;
    return a;
}

static int on_message(int event, void *event_data, void *userdata)
{
    struct mosquitto_evt_message *message = event_data;
    const char *username = mosquitto_client_username(message->client);
    (void)event;
    (void)userdata;
    if (username != NULL) {
        struct account *a = account_of(username);
        if (a != NULL) {
            a->published++;
            changed = 1;
        }
    }
    return MOSQ_ERR_SUCCESS; /* counting only: the message goes on */
}

static void write_counts(void)
{
    size_t n = strlen(traffic_file);
    char *temp = malloc(n + 5);
    if (temp == NULL) {
        return;
    }
    memcpy(temp, traffic_file, n);
    memcpy(temp + n, ".tmp", 5);
    FILE *out = fopen(temp, "w");
    if (out != NULL) {
        for (struct account *a = accounts; a != NULL; a = a->next) {
            fprintf(out, "%s %llu\n", a->username, a->published);
        }
        if (fclose(out) == 0 && rename(temp, traffic_file) == 0) {
            changed = 0;
        }
    }
    free(temp);
}

static int on_tick(int event, void *event_data, void *userdata)
{
    time_t now = time(NULL);
    (void)event;
    (void)event_data;
    (void)userdata;
    if (changed && traffic_file != NULL && now - last_written >= WRITE_EVERY_S) {
        last_written = now;
        write_counts();
    }
    return MOSQ_ERR_SUCCESS;
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
    plugin_id = identifier;
    for (int i = 0; i < option_count; i++) {
        if (strcmp(options[i].key, "traffic_file") == 0) {
            traffic_file = strdup(options[i].value);
        }
    }
    if (traffic_file == NULL) {
        mosquitto_log_printf(MOSQ_LOG_ERR, "dtaas: plugin_opt_traffic_file is missing");
        return MOSQ_ERR_INVAL;
    }
    changed = 1; /* a first, empty file: the broker counts from zero again */
    int rc = mosquitto_callback_register(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL, NULL);
    return rc != MOSQ_ERR_SUCCESS ? rc : mosquitto_callback_register(plugin_id, MOSQ_EVT_TICK, on_tick, NULL, NULL);
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
    (void)userdata;
    (void)options;
    (void)option_count;
    if (traffic_file != NULL && changed) {
        write_counts();
    }
    mosquitto_callback_unregister(plugin_id, MOSQ_EVT_MESSAGE, on_message, NULL);
    return mosquitto_callback_unregister(plugin_id, MOSQ_EVT_TICK, on_tick, NULL);
}
