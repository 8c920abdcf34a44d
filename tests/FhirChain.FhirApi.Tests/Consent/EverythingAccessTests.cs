using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>
/// <c>Patient/{id}/$everything</c> and compartment searches under research and patient-scoped tokens.
/// Patients: A permits everything; B has no consent (default deny); D denies; E permits only
/// Observations, except HIV tests. B's and D's observations name A as performer, so A's compartment,
/// <c>_revinclude</c> and <c>$everything</c> reach them.
/// </summary>
public sealed class EverythingAccessTests
{
    private sealed record Cohort(string A, string B, string D, string E)
    {
        public string ObsA => A + "-hr";
        public string ObsB => B + "-hr";
        public string ObsD => D + "-hr";
        public string ObsEHeart => E + "-hr";
        public string ObsEHiv => E + "-hiv";
        public string ConditionE => E + "-condition";
    }

    private static async Task<Cohort> SeedAsync(SecuredServer server)
    {
        var prefix = NewPrefix();
        var cohort = new Cohort(prefix + "-a", prefix + "-b", prefix + "-d", prefix + "-e");
        using var admin = server.Admin();
        foreach (var id in new[] { cohort.A, cohort.B, cohort.D, cohort.E })
        {
            await admin.PutAsync(Patient(id));
        }

        await admin.PutAsync(Observation(cohort.ObsA, cohort.A, HeartRate));
        await admin.PutAsync(Observation(cohort.ObsB, cohort.B, HeartRate, performerPatientId: cohort.A));
        await admin.PutAsync(Observation(cohort.ObsD, cohort.D, HeartRate, performerPatientId: cohort.A));
        await admin.PutAsync(Observation(cohort.ObsEHeart, cohort.E, HeartRate));
        await admin.PutAsync(Observation(cohort.ObsEHiv, cohort.E, HivTest));
        await admin.PutAsync(new Condition
        {
            Id = cohort.ConditionE,
            Subject = new ResourceReference($"Patient/{cohort.E}"),
            Code = new CodeableConcept("http://snomed.info/sct", "38341003"),
        });
        await admin.PutAsync(ResearchConsent(cohort.A + "-consent", cohort.A, ConsentResource.ConsentProvisionType.Permit));
        await admin.PutAsync(ResearchConsent(cohort.D + "-consent", cohort.D, ConsentResource.ConsentProvisionType.Deny));
        var observationsOnly = ResearchConsent(cohort.E + "-consent", cohort.E, ConsentResource.ConsentProvisionType.Permit, DenyCode(HivTest));
        observationsOnly.Provision!.Class = [new Coding("http://hl7.org/fhir/resource-types", "Observation")];
        await admin.PutAsync(observationsOnly);
        return cohort;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_everything_of_a_consenting_patient_hides_what_other_patients_deny(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var admin = server.Admin();
        using var researcher = server.Researcher();

        // Without consent filtering, A's $everything reaches B's and D's observations (A is their performer).
        (await admin.SearchIdsAsync($"Patient/{cohort.A}/$everything", Bundle.SearchEntryMode.Match).WithoutAuditEventsAsync())
            .ShouldBe([$"Consent/{cohort.A}-consent", $"Observation/{cohort.ObsA}", $"Observation/{cohort.ObsB}", $"Observation/{cohort.ObsD}", $"Patient/{cohort.A}"]);

        (await researcher.SearchIdsAsync($"Patient/{cohort.A}/$everything").WithoutAuditEventsAsync())
            .ShouldBe([$"Consent/{cohort.A}-consent", $"Observation/{cohort.ObsA}", $"Patient/{cohort.A}"]);
        (await researcher.SearchIdsAsync($"Patient/{cohort.A}/$everything?_type=Observation", Bundle.SearchEntryMode.Match).WithoutAuditEventsAsync())
            .ShouldBe([$"Observation/{cohort.ObsA}"]);
        (await researcher.SearchIdsAsync($"Patient?_id={cohort.A}&_revinclude=Observation:performer"))
            .ShouldBe([$"Patient/{cohort.A}"]);
        (await researcher.SearchIdsAsync($"Patient/{cohort.A}/Observation"))
            .ShouldBe([$"Observation/{cohort.ObsA}"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_everything_of_a_patient_whose_consent_permits_nothing_is_refused(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var researcher = server.Researcher();

        foreach (var patient in new[] { cohort.D, cohort.B })
        {
            using var response = await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient}/$everything");
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await response.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldStartWith("Access denied by patient consent");
            (await researcher.SearchIdsAsync($"Patient/{patient}/Observation")).ShouldBeEmpty();
        }

        using var unknown = await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{cohort.A}-unknown/$everything");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_everything_returns_only_the_classes_and_codes_a_consent_permits(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var admin = server.Admin();
        using var researcher = server.Researcher();

        (await admin.SearchIdsAsync($"Patient/{cohort.E}/$everything", Bundle.SearchEntryMode.Match).WithoutAuditEventsAsync())
            .ShouldBe([$"Condition/{cohort.ConditionE}", $"Consent/{cohort.E}-consent", $"Observation/{cohort.ObsEHiv}", $"Observation/{cohort.ObsEHeart}", $"Patient/{cohort.E}"]);

        // The consent shares Observations only (not the Patient record, the Condition or the Consent), and no HIV test;
        // the observation's subject, Patient E, is not added as an include either.
        (await researcher.SearchIdsAsync($"Patient/{cohort.E}/$everything").WithoutAuditEventsAsync()).ShouldBe([$"Observation/{cohort.ObsEHeart}"]);
        (await researcher.SearchIdsAsync($"Patient/{cohort.E}/Observation")).ShouldBe([$"Observation/{cohort.ObsEHeart}"]);
        (await researcher.SearchIdsAsync($"Patient/{cohort.E}/Condition")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patient_token_gets_everything_only_of_its_own_patient(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var patient = server.Client("patient/*.rs", patient: cohort.D);

        (await patient.SearchIdsAsync($"Patient/{cohort.D}/$everything").WithoutAuditEventsAsync())
            .ShouldBe([$"Consent/{cohort.D}-consent", $"Observation/{cohort.ObsD}", $"Patient/{cohort.D}"]);
        using var other = await patient.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{cohort.A}/$everything");
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await patient.SearchIdsAsync($"Patient/{cohort.E}/Observation")).ShouldBeEmpty();

        // $everything and compartment searches need the token's scopes like any search.
        using var observationsOnly = server.Client("user/Observation.rs");
        (await observationsOnly.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{cohort.A}/$everything")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await observationsOnly.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{cohort.A}/Condition")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await observationsOnly.SearchIdsAsync($"Patient/{cohort.A}/Observation"))
            .ShouldBe([$"Observation/{cohort.ObsA}", $"Observation/{cohort.ObsB}", $"Observation/{cohort.ObsD}"]);
    }
}
