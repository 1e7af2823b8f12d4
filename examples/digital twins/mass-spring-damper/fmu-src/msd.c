/*
 * The two halves of the INTO-CPS mass-spring-damper co-simulation as FMI 2.0 co-simulation FMUs.
 * Built twice from this file: -DMSD=1 gives MassSpringDamper1 (mass 1 on a spring and damper to
 * the wall, pushed by the coupling force fk), -DMSD=2 gives MassSpringDamper2 (mass 2 on its own
 * spring and damper, coupled to mass 1 through spring cc and damper dc; it computes fk from x1, v1).
 *
 *   MSD1: m1 x1'' = -c1 x1 - d1 x1' + fk
 *   MSD2: m2 x2'' = -c2 x2 - d2 x2' - fk,   fk = cc (x2 - x1) + dc (x2' - x1')
 *
 * Each doStep integrates its own states over the communication step with the inputs held
 * (semi-implicit Euler, fixed internal steps), as a co-simulation slave does.
 */
#include <stdlib.h>
#include <string.h>
#include "fmi2.h"

#if MSD == 1
/* value references: 0 x1 (output), 1 v1 (output), 2 fk (input), 3 m1, 4 c1, 5 d1 (parameters) */
enum { X, V, FK, M, C, D, NVARS };
static const double START[NVARS] = {1.0, 0.0, 0.0, 1.0, 1.0, 1.0};
#elif MSD == 2
/* value references: 0 x1, 1 v1 (inputs), 2 fk (output), 3 x2, 4 v2 (outputs), 5 m2, 6 c2, 7 d2, 8 cc, 9 dc */
enum { X1, V1, FK, X, V, M, C, D, CC, DC, NVARS };
static const double START[NVARS] = {0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 1.0, 2.0};
#else
#error "build with -DMSD=1 or -DMSD=2"
#endif

#define INTERNAL_STEPS 20

typedef struct {
    double value[NVARS];
    double time;
    fmi2CallbackFunctions callbacks;
    char *name;
} Instance;

static double coupling_force(const Instance *m) {
#if MSD == 2
    return m->value[CC] * (m->value[X] - m->value[X1]) + m->value[DC] * (m->value[V] - m->value[V1]);
#else
    return m->value[FK];
#endif
}

static double acceleration(const Instance *m) {
#if MSD == 1
    return (-m->value[C] * m->value[X] - m->value[D] * m->value[V] + m->value[FK]) / m->value[M];
#else
    return (-m->value[C] * m->value[X] - m->value[D] * m->value[V] - coupling_force(m)) / m->value[M];
#endif
}

FMI2_Export const char *fmi2GetTypesPlatform(void) { return fmi2TypesPlatform; }
FMI2_Export const char *fmi2GetVersion(void) { return fmi2Version; }
FMI2_Export fmi2Status fmi2SetDebugLogging(fmi2Component c, fmi2Boolean on, size_t n, const fmi2String cats[]) {
    (void) c; (void) on; (void) n; (void) cats;
    return fmi2OK;
}

FMI2_Export fmi2Component fmi2Instantiate(fmi2String name, fmi2Type type, fmi2String guid, fmi2String location,
        const fmi2CallbackFunctions *callbacks, fmi2Boolean visible, fmi2Boolean logging) {
    (void) guid; (void) location; (void) visible; (void) logging;
    if (type != fmi2CoSimulation) {
        return NULL;
    }
    Instance *m = calloc(1, sizeof(Instance));
    if (m == NULL) {
        return NULL;
    }
    memcpy(m->value, START, sizeof(START));
    if (callbacks != NULL) {
        memcpy(&m->callbacks, callbacks, sizeof(fmi2CallbackFunctions));
    }
    m->name = strdup(name == NULL ? "msd" : name);
    return m;
}

FMI2_Export void fmi2FreeInstance(fmi2Component c) {
    Instance *m = c;
    if (m != NULL) {
        free(m->name);
        free(m);
    }
}

FMI2_Export fmi2Status fmi2SetupExperiment(fmi2Component c, fmi2Boolean tolDefined, fmi2Real tol, fmi2Real start,
        fmi2Boolean stopDefined, fmi2Real stop) {
    (void) tolDefined; (void) tol; (void) stopDefined; (void) stop;
    ((Instance *) c)->time = start;
    return fmi2OK;
}

FMI2_Export fmi2Status fmi2EnterInitializationMode(fmi2Component c) { (void) c; return fmi2OK; }
FMI2_Export fmi2Status fmi2ExitInitializationMode(fmi2Component c) { (void) c; return fmi2OK; }
FMI2_Export fmi2Status fmi2Terminate(fmi2Component c) { (void) c; return fmi2OK; }

FMI2_Export fmi2Status fmi2Reset(fmi2Component c) {
    Instance *m = c;
    memcpy(m->value, START, sizeof(START));
    m->time = 0;
    return fmi2OK;
}

FMI2_Export fmi2Status fmi2GetReal(fmi2Component c, const fmi2ValueReference vr[], size_t n, fmi2Real value[]) {
    Instance *m = c;
    for (size_t i = 0; i < n; i++) {
        if (vr[i] >= NVARS) {
            return fmi2Error;
        }
        value[i] = vr[i] == FK ? coupling_force(m) : m->value[vr[i]];
    }
    return fmi2OK;
}

FMI2_Export fmi2Status fmi2SetReal(fmi2Component c, const fmi2ValueReference vr[], size_t n, const fmi2Real value[]) {
    Instance *m = c;
    for (size_t i = 0; i < n; i++) {
        if (vr[i] >= NVARS) {
            return fmi2Error;
        }
        m->value[vr[i]] = value[i];
    }
    return fmi2OK;
}

/* no integer, boolean or string variables: asking for none is fine, asking for any is an error */
FMI2_Export fmi2Status fmi2GetInteger(fmi2Component c, const fmi2ValueReference vr[], size_t n, fmi2Integer v[]) {
    (void) c; (void) vr; (void) v; return n == 0 ? fmi2OK : fmi2Error;
}
FMI2_Export fmi2Status fmi2GetBoolean(fmi2Component c, const fmi2ValueReference vr[], size_t n, fmi2Boolean v[]) {
    (void) c; (void) vr; (void) v; return n == 0 ? fmi2OK : fmi2Error;
}
FMI2_Export fmi2Status fmi2GetString(fmi2Component c, const fmi2ValueReference vr[], size_t n, fmi2String v[]) {
    (void) c; (void) vr; (void) v; return n == 0 ? fmi2OK : fmi2Error;
}
FMI2_Export fmi2Status fmi2SetInteger(fmi2Component c, const fmi2ValueReference vr[], size_t n, const fmi2Integer v[]) {
    (void) c; (void) vr; (void) v; return n == 0 ? fmi2OK : fmi2Error;
}
FMI2_Export fmi2Status fmi2SetBoolean(fmi2Component c, const fmi2ValueReference vr[], size_t n, const fmi2Boolean v[]) {
    (void) c; (void) vr; (void) v; return n == 0 ? fmi2OK : fmi2Error;
}
FMI2_Export fmi2Status fmi2SetString(fmi2Component c, const fmi2ValueReference vr[], size_t n, const fmi2String v[]) {
    (void) c; (void) vr; (void) v; return n == 0 ? fmi2OK : fmi2Error;
}

/* FMU state and derivatives are not offered (canGetAndSetFMUstate="false" in modelDescription.xml) */
FMI2_Export fmi2Status fmi2GetFMUstate(fmi2Component c, fmi2FMUstate *s) { (void) c; (void) s; return fmi2Error; }
FMI2_Export fmi2Status fmi2SetFMUstate(fmi2Component c, fmi2FMUstate s) { (void) c; (void) s; return fmi2Error; }
FMI2_Export fmi2Status fmi2FreeFMUstate(fmi2Component c, fmi2FMUstate *s) { (void) c; (void) s; return fmi2Error; }
FMI2_Export fmi2Status fmi2SerializedFMUstateSize(fmi2Component c, fmi2FMUstate s, size_t *n) {
    (void) c; (void) s; (void) n; return fmi2Error;
}
FMI2_Export fmi2Status fmi2SerializeFMUstate(fmi2Component c, fmi2FMUstate s, fmi2Byte b[], size_t n) {
    (void) c; (void) s; (void) b; (void) n; return fmi2Error;
}
FMI2_Export fmi2Status fmi2DeSerializeFMUstate(fmi2Component c, const fmi2Byte b[], size_t n, fmi2FMUstate *s) {
    (void) c; (void) b; (void) n; (void) s; return fmi2Error;
}
FMI2_Export fmi2Status fmi2GetDirectionalDerivative(fmi2Component c, const fmi2ValueReference u[], size_t nu,
        const fmi2ValueReference z[], size_t nz, const fmi2Real dv[], fmi2Real dz[]) {
    (void) c; (void) u; (void) nu; (void) z; (void) nz; (void) dv; (void) dz; return fmi2Error;
}
FMI2_Export fmi2Status fmi2SetRealInputDerivatives(fmi2Component c, const fmi2ValueReference vr[], size_t n,
        const fmi2Integer order[], const fmi2Real value[]) {
    (void) c; (void) vr; (void) n; (void) order; (void) value; return fmi2Error;
}
FMI2_Export fmi2Status fmi2GetRealOutputDerivatives(fmi2Component c, const fmi2ValueReference vr[], size_t n,
        const fmi2Integer order[], fmi2Real value[]) {
    (void) c; (void) vr; (void) n; (void) order; (void) value; return fmi2Error;
}

FMI2_Export fmi2Status fmi2DoStep(fmi2Component c, fmi2Real t, fmi2Real h, fmi2Boolean noSetPrior) {
    (void) noSetPrior;
    Instance *m = c;
    double dt = h / INTERNAL_STEPS;
    for (int i = 0; i < INTERNAL_STEPS; i++) {
        m->value[V] += dt * acceleration(m);
        m->value[X] += dt * m->value[V];
    }
    m->time = t + h;
    return fmi2OK;
}

FMI2_Export fmi2Status fmi2CancelStep(fmi2Component c) { (void) c; return fmi2OK; }

FMI2_Export fmi2Status fmi2GetStatus(fmi2Component c, const fmi2StatusKind k, fmi2Status *v) {
    (void) c; (void) k; *v = fmi2OK; return fmi2OK;
}
FMI2_Export fmi2Status fmi2GetRealStatus(fmi2Component c, const fmi2StatusKind k, fmi2Real *v) {
    *v = ((Instance *) c)->time; return k == fmi2LastSuccessfulTime ? fmi2OK : fmi2Discard;
}
FMI2_Export fmi2Status fmi2GetIntegerStatus(fmi2Component c, const fmi2StatusKind k, fmi2Integer *v) {
    (void) c; (void) k; (void) v; return fmi2Discard;
}
FMI2_Export fmi2Status fmi2GetBooleanStatus(fmi2Component c, const fmi2StatusKind k, fmi2Boolean *v) {
    (void) c; *v = fmi2False; return k == fmi2Terminated ? fmi2OK : fmi2Discard;
}
FMI2_Export fmi2Status fmi2GetStringStatus(fmi2Component c, const fmi2StatusKind k, fmi2String *v) {
    (void) c; (void) k; (void) v; return fmi2Discard;
}
