using System.Net;
using System.Net.Http.Headers;
using FhirChain.FhirApi.Tests.Consent;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;

namespace FhirChain.FhirApi.Tests.Auth;

/// <summary>With Auth:Enabled: 401 without a valid token, 403 out of scope, patient tokens confined to their compartment.</summary>
public sealed class AuthenticationTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Request_without_a_token_gets_401_with_an_OperationOutcome(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        using var anonymous = server.Server.CreateClient();
        using var response = await anonymous.SendFhirAsync(HttpMethod.Get, "/fhir/Patient");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        (await response.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Login);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Forged_or_expired_token_gets_401_naming_the_reason(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var forged = server.Token("system/*.rs");
        forged = forged[..^4] + (forged[^4] == 'A' ? "BBBB" : "AAAA");
        var expired = server.Token("system/*.rs", lifetime: TimeSpan.FromMinutes(-10));
        foreach (var token in new[] { forged, expired, "not-a-jwt" })
        {
            using var client = server.Server.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/Patient");
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await response.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldStartWith("The bearer token was refused");
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Interaction_outside_the_token_scopes_gets_403(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var id = NewPrefix();
        using var admin = server.Admin();
        await admin.PutAsync(Patient(id));
        using var observationsOnly = server.Client("user/Observation.rs");
        using var readOnly = server.Client("system/*.rs");

        using (var read = await observationsOnly.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{id}"))
        {
            read.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await read.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Forbidden);
        }

        using (var write = await readOnly.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{id}", Patient(id)))
        {
            write.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Batch };
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = Patient(id + "-new"), Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Patient/{id}-new" } });
        using (var batch = await readOnly.SendFhirAsync(HttpMethod.Post, "/fhir", bundle))
        {
            batch.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        (await readOnly.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{id}-new")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await readOnly.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patient_token_sees_only_its_compartment(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var mine = NewPrefix();
        var theirs = NewPrefix();
        using var admin = server.Admin();
        await admin.PutAsync(Patient(mine));
        await admin.PutAsync(Patient(theirs));
        await admin.PutAsync(Observation(mine + "-hr", mine, HeartRate));
        await admin.PutAsync(Observation(theirs + "-hr", theirs, HeartRate));
        using var patient = server.Client("patient/*.rs", patient: mine);

        (await patient.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{mine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await patient.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{mine}-hr")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await patient.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{theirs}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await patient.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{theirs}-hr")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await patient.SearchIdsAsync($"Observation?_id={mine}-hr,{theirs}-hr")).ShouldBe([$"Observation/{mine}-hr"]);
        (await patient.SearchIdsAsync($"Patient?_id={mine},{theirs}&_revinclude=Observation:subject"))
            .ShouldBe([$"Observation/{mine}-hr", $"Patient/{mine}"]);
        using var history = await patient.SendFhirAsync(HttpMethod.Get, "/fhir/_history?_count=1000");
        history.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await history.ReadAsync<Bundle>()).Entry.Select(e => e.Response!.Location!).Where(l => !l.StartsWith("AuditEvent/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .ShouldBe([$"Observation/{mine}-hr/_history/1", $"Patient/{mine}/_history/1"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patient_token_writes_only_into_its_compartment(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var mine = NewPrefix();
        var theirs = NewPrefix();
        using var admin = server.Admin();
        await admin.PutAsync(Patient(mine));
        await admin.PutAsync(Patient(theirs));
        using var patient = server.Client("patient/*.cruds", patient: mine);

        var own = Observation(mine + "-w1", mine, HeartRate);
        own.Id = null;
        (await patient.SendFhirAsync(HttpMethod.Post, "/fhir/Observation", own)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = Observation(theirs + "-w1", theirs, HeartRate);
        other.Id = null;
        using var refused = await patient.SendFhirAsync(HttpMethod.Post, "/fhir/Observation", other);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("compartment");
        (await admin.SearchIdsAsync($"Observation?subject=Patient/{theirs}")).ShouldBeEmpty();

        (await patient.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", Patient(NewPrefix()))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var sneaky = Observation(theirs + "-w2", theirs, HeartRate);
        sneaky.Id = null;
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = sneaky, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" } });
        (await patient.SendFhirAsync(HttpMethod.Post, "/fhir", bundle)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.SearchIdsAsync($"Observation?subject=Patient/{theirs}")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Metadata_and_log_stay_public_and_metadata_advertises_SMART(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        using var anonymous = server.Server.CreateClient();
        using var metadata = await anonymous.SendFhirAsync(HttpMethod.Get, "/fhir/metadata");
        metadata.StatusCode.ShouldBe(HttpStatusCode.OK);
        var statement = await metadata.ReadAsync<CapabilityStatement>();
        var security = statement.Rest[0].Security;
        security.ShouldNotBeNull();
        security.Service.SelectMany(s => s.Coding).ShouldContain(c => c.Code == "SMART-on-FHIR");
        security.Extension.ShouldContain(e => e.Url == "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        statement.Rest[0].Operation.ShouldContain(o => o.Name == "export");

        using var discovery = await anonymous.GetAsync("/fhir/.well-known/smart-configuration");
        discovery.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await discovery.Content.ReadAsStringAsync()).ShouldContain("permission-v2");

        using var checkpoint = await anonymous.GetAsync("/log/checkpoint");
        checkpoint.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
