using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>
/// A research client (purpose_of_use HRESCH) sees exactly the data its patients' research Consents
/// permit, through read, search and _revinclude, and a revocation takes effect on the next request.
/// Patients: A permits everything, B has no consent (default deny), C permits but denies HIV tests,
/// D denies. B's observation also names A as performer, so _revinclude from A reaches it.
/// </summary>
public sealed class ResearchAccessTests
{
    private sealed record Cohort(string A, string B, string C, string D)
    {
        public string ObsA => A + "-hr";
        public string ObsB => B + "-hr";
        public string ObsCHeart => C + "-hr";
        public string ObsCHiv => C + "-hiv";
        public string ObsD => D + "-hr";
        public string PatientIds => string.Join(',', A, B, C, D);
        public string ObservationIds => string.Join(',', ObsA, ObsB, ObsCHeart, ObsCHiv, ObsD);
    }

    private static async Task<Cohort> SeedAsync(SecuredServer server)
    {
        var prefix = NewPrefix();
        var cohort = new Cohort(prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-d");
        using var admin = server.Admin();
        foreach (var id in new[] { cohort.A, cohort.B, cohort.C, cohort.D })
        {
            await admin.PutAsync(Patient(id));
        }

        await admin.PutAsync(Observation(cohort.ObsA, cohort.A, HeartRate));
        await admin.PutAsync(Observation(cohort.ObsB, cohort.B, HeartRate, performerPatientId: cohort.A));
        await admin.PutAsync(Observation(cohort.ObsCHeart, cohort.C, HeartRate));
        await admin.PutAsync(Observation(cohort.ObsCHiv, cohort.C, HivTest));
        await admin.PutAsync(Observation(cohort.ObsD, cohort.D, HeartRate));
        await admin.PutAsync(ResearchConsent(cohort.A + "-consent", cohort.A, ConsentResource.ConsentProvisionType.Permit));
        await admin.PutAsync(ResearchConsent(cohort.C + "-consent", cohort.C, ConsentResource.ConsentProvisionType.Permit, DenyCode(HivTest)));
        await admin.PutAsync(ResearchConsent(cohort.D + "-consent", cohort.D, ConsentResource.ConsentProvisionType.Deny));
        return cohort;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_read_is_allowed_only_where_consent_permits(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var researcher = server.Researcher();

        (await StatusOf(researcher, $"Patient/{cohort.A}")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf(researcher, $"Observation/{cohort.ObsA}")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf(researcher, $"Observation/{cohort.ObsCHeart}")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf(researcher, $"Patient/{cohort.B}")).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusOf(researcher, $"Observation/{cohort.ObsB}")).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusOf(researcher, $"Observation/{cohort.ObsCHiv}")).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusOf(researcher, $"Patient/{cohort.D}")).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusOf(researcher, $"Observation/{cohort.ObsD}/_history/1")).ShouldBe(HttpStatusCode.Forbidden);

        using var denied = await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{cohort.D}");
        var outcome = await denied.ReadAsync<OperationOutcome>();
        outcome.Issue[0].Diagnostics.ShouldStartWith("Access denied by patient consent");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_search_and_revinclude_return_only_consented_data(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var researcher = server.Researcher();
        using var admin = server.Admin();

        (await admin.SearchIdsAsync($"Observation?_id={cohort.ObservationIds}")).Count.ShouldBe(5);
        (await researcher.SearchIdsAsync($"Observation?_id={cohort.ObservationIds}"))
            .ShouldBe([$"Observation/{cohort.ObsA}", $"Observation/{cohort.ObsCHeart}"]);
        (await researcher.SearchIdsAsync($"Patient?_id={cohort.PatientIds}"))
            .ShouldBe([$"Patient/{cohort.A}", $"Patient/{cohort.C}"]);

        // B's observation names A as performer: _revinclude from A reaches it, and the consent engine hides it.
        (await admin.SearchIdsAsync($"Patient?_id={cohort.A}&_revinclude=Observation:performer", Bundle.SearchEntryMode.Include))
            .ShouldBe([$"Observation/{cohort.ObsB}"]);
        (await researcher.SearchIdsAsync($"Patient?_id={cohort.A}&_revinclude=Observation:performer", Bundle.SearchEntryMode.Include))
            .ShouldBeEmpty();
        (await researcher.SearchIdsAsync($"Patient?_id={cohort.PatientIds}&_revinclude=Observation:subject", Bundle.SearchEntryMode.Include))
            .ShouldBe([$"Observation/{cohort.ObsA}", $"Observation/{cohort.ObsCHeart}"]);

        // Compartment search of a denied patient finds nothing.
        (await researcher.SearchIdsAsync($"Observation?subject=Patient/{cohort.D}")).ShouldBeEmpty();
        (await researcher.SearchIdsAsync($"Observation?subject=Patient/{cohort.C}")).ShouldBe([$"Observation/{cohort.ObsCHeart}"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_totals_count_only_consented_data(DatabaseKind kind)
    {
        // An unrestricted total may be counted from the index tables alone; a research client's may not.
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var researcher = server.Researcher();
        using var admin = server.Admin();
        var subjects = string.Join(',', new[] { cohort.A, cohort.B, cohort.C, cohort.D }.Select(id => "Patient/" + id));

        (await TotalAsync(admin, $"Observation?subject={subjects}&_summary=count")).ShouldBe(5);
        (await TotalAsync(researcher, $"Observation?subject={subjects}&_summary=count")).ShouldBe(2);
        (await TotalAsync(admin, $"Observation?subject={subjects}&code={HeartRate}&_count=1")).ShouldBe(4);
        (await TotalAsync(researcher, $"Observation?subject={subjects}&code={HeartRate}&_count=1")).ShouldBe(2);
    }

    private static async Task<int?> TotalAsync(HttpClient client, string query)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
        return (await response.ReadAsync<Bundle>()).Total;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Revoking_a_consent_takes_effect_on_the_next_request(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var researcher = server.Researcher();
        using var admin = server.Admin();
        (await StatusOf(researcher, $"Observation/{cohort.ObsA}")).ShouldBe(HttpStatusCode.OK);

        var consent = ResearchConsent(cohort.A + "-consent", cohort.A, ConsentResource.ConsentProvisionType.Permit);
        consent.Status = ConsentResource.ConsentState.Inactive;
        await admin.PutAsync(consent);

        (await StatusOf(researcher, $"Observation/{cohort.ObsA}")).ShouldBe(HttpStatusCode.Forbidden);
        (await researcher.SearchIdsAsync($"Observation?_id={cohort.ObservationIds}")).ShouldBe([$"Observation/{cohort.ObsCHeart}"]);

        // An expired consent is no consent.
        var expired = ResearchConsent(cohort.C + "-consent", cohort.C, ConsentResource.ConsentProvisionType.Permit);
        expired.Provision!.Period = new Period { Start = "2020-01-01", End = "2021-01-01" };
        await admin.PutAsync(expired);
        (await researcher.SearchIdsAsync($"Observation?_id={cohort.ObservationIds}")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Consent_for_a_named_actor_does_not_cover_other_research_clients(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var prefix = NewPrefix();
        using var admin = server.Admin();
        await admin.PutAsync(Patient(prefix));
        var consent = ResearchConsent(prefix + "-consent", prefix, ConsentResource.ConsentProvisionType.Permit);
        consent.Provision!.Actor = [new ConsentResource.provisionActorComponent
        {
            Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"),
            Reference = new ResourceReference("Organization/study-1"),
        }];
        await admin.PutAsync(consent);

        using var study = server.Researcher("study-1-client", fhirUser: "Organization/study-1");
        using var other = server.Researcher("other-client", fhirUser: "Organization/study-2");
        (await StatusOf(study, $"Patient/{prefix}")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf(other, $"Patient/{prefix}")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Opt_out_policy_shows_patients_without_consent_but_not_those_who_deny(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind, new() { ["Consent:DefaultPolicy"] = "Permit" });
        var cohort = await SeedAsync(server);
        using var researcher = server.Researcher();
        (await researcher.SearchIdsAsync($"Patient?_id={cohort.PatientIds}"))
            .ShouldBe([$"Patient/{cohort.A}", $"Patient/{cohort.B}", $"Patient/{cohort.C}"]);
    }

    /// <summary>
    /// A type search specialises the consent filter to its type (a consent's codes read once per query from
    /// the code index); a system search keeps the filter for any type. Both must show the same data, for
    /// class provisions, code provisions and a nested exception alike.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Type_search_and_system_search_apply_the_same_consents(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var cohort = await SeedAsync(server);
        using var admin = server.Admin();
        var nested = cohort.A + "-nested";
        var observationsOnly = cohort.A + "-obs-only";
        await admin.PutAsync(Patient(nested));
        await admin.PutAsync(Observation(nested + "-hr", nested, HeartRate));
        await admin.PutAsync(Observation(nested + "-hiv", nested, HivTest));
        var denyObservations = DenyType("Observation");
        denyObservations.Provision.Add(new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Permit, Code = [new CodeableConcept(Loinc, HeartRate)] });
        await admin.PutAsync(ResearchConsent(nested + "-consent", nested, ConsentResource.ConsentProvisionType.Permit, denyObservations));
        await admin.PutAsync(Patient(observationsOnly));
        await admin.PutAsync(Observation(observationsOnly + "-hr", observationsOnly, HeartRate));
        var onlyObservations = ResearchConsent(observationsOnly + "-consent", observationsOnly, ConsentResource.ConsentProvisionType.Permit);
        onlyObservations.Provision!.Class = [new Coding("http://hl7.org/fhir/resource-types", "Observation")];
        await admin.PutAsync(onlyObservations);

        using var researcher = server.Researcher();
        var observations = string.Join(',', cohort.ObservationIds, nested + "-hr", nested + "-hiv", observationsOnly + "-hr");
        var patients = string.Join(',', cohort.PatientIds, nested, observationsOnly);
        string[] expectedObservations = [$"Observation/{cohort.ObsA}", $"Observation/{cohort.ObsCHeart}", $"Observation/{nested}-hr", $"Observation/{observationsOnly}-hr"];
        (await researcher.SearchIdsAsync($"Observation?_id={observations}")).ShouldBe(expectedObservations.Order(StringComparer.Ordinal));
        (await researcher.SearchIdsAsync($"?_type=Observation&_id={observations}")).ShouldBe(expectedObservations.Order(StringComparer.Ordinal));
        string[] expectedPatients = [$"Patient/{cohort.A}", $"Patient/{cohort.C}", $"Patient/{nested}"];
        (await researcher.SearchIdsAsync($"Patient?_id={patients}")).ShouldBe(expectedPatients.Order(StringComparer.Ordinal));
        (await researcher.SearchIdsAsync($"?_type=Patient&_id={patients}")).ShouldBe(expectedPatients.Order(StringComparer.Ordinal));
        (await researcher.SearchIdsAsync($"Observation?code={Loinc}|{HivTest}&_id={observations}")).ShouldBeEmpty();
    }

    private static async Task<HttpStatusCode> StatusOf(HttpClient client, string path)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + path);
        return response.StatusCode;
    }
}
