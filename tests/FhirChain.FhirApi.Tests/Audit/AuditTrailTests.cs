using System.Net;
using System.Text;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Consent;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Audit;

/// <summary>Every read, search, write and consent denial leaves an AuditEvent, and AuditEvents cannot be changed.</summary>
public sealed class AuditTrailTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Each_access_and_denial_produces_its_AuditEvent(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var prefix = NewPrefix();
        var subject = "auditor-" + prefix;
        using var admin = server.Admin();
        await admin.PutAsync(Patient(prefix + "-yes"));
        await admin.PutAsync(Patient(prefix + "-no"));
        await admin.PutAsync(ResearchConsent(prefix + "-consent", prefix + "-yes", ConsentResource.ConsentProvisionType.Permit));
        using var researcher = server.Researcher(subject);

        (await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{prefix}-yes")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{prefix}-no")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await researcher.SearchIdsAsync($"Patient?identifier=urn:test:mrn|{prefix}-yes");

        var read = await WaitForAuditAsync(admin, $"AuditEvent?entity=Patient/{prefix}-yes", a => ByCaller(a, subject));
        read.Action.ShouldBe(AuditEvent.AuditEventAction.R);
        read.Subtype.ShouldContain(c => c.Code == "read");
        read.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N0);
        read.Type.Code.ShouldBe("rest");
        read.Agent[0].Requestor.ShouldBe(true);
        read.Agent[0].PurposeOfUse.SelectMany(p => p.Coding).ShouldContain(c => c.Code == "HRESCH");
        read.Source.ShouldNotBeNull();

        var denial = await WaitForAuditAsync(admin, $"AuditEvent?entity=Patient/{prefix}-no", a => ByCaller(a, subject));
        denial.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N4);
        denial.OutcomeDesc.ShouldStartWith("Access denied by patient consent");

        var search = await WaitForAuditAsync(admin, "AuditEvent?subtype=search-type&_count=200",
            a => ByCaller(a, subject) && a.Entity.Any(e => e.Query is { } q && Encoding.UTF8.GetString(q).Contains(prefix, StringComparison.Ordinal)));
        search.Entity[0].Description.ShouldBe("Patient");

        var write = await WaitForAuditAsync(admin, $"AuditEvent?entity=Consent/{prefix}-consent", a => ByCaller(a, "admin"));
        write.Action.ShouldBe(AuditEvent.AuditEventAction.U);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Everything_and_compartment_searches_are_audited_with_their_refusals(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var prefix = NewPrefix();
        var subject = "auditor-" + prefix;
        using var admin = server.Admin();
        await admin.PutAsync(Patient(prefix));
        using var researcher = server.Researcher(subject);

        (await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{prefix}/$everything")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{prefix}/Observation")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var everything = await WaitForAuditAsync(admin, $"AuditEvent?entity=Patient/{prefix}&subtype=operation", a => ByCaller(a, subject));
        everything.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N4);
        everything.OutcomeDesc.ShouldStartWith("Access denied by patient consent");
        Encoding.UTF8.GetString(everything.Entity[0].Query!).ShouldStartWith("$everything");

        var compartment = await WaitForAuditAsync(admin, "AuditEvent?subtype=search-type&_count=200",
            a => ByCaller(a, subject) && a.Entity.Any(e => e.Query is { } q && Encoding.UTF8.GetString(q).StartsWith($"Patient/{prefix}/Observation?", StringComparison.Ordinal)));
        compartment.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N0);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task AuditEvents_cannot_be_updated_or_deleted(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var prefix = NewPrefix();
        using var admin = server.Admin();
        await admin.PutAsync(Patient(prefix));
        (await admin.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{prefix}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = await WaitForAuditAsync(admin, $"AuditEvent?entity=Patient/{prefix}&subtype=read", _ => true);

        audit.OutcomeDesc = "rewritten";
        using var update = await admin.SendFhirAsync(HttpMethod.Put, $"/fhir/AuditEvent/{audit.Id}", audit);
        update.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await update.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("append-only");
        using var delete = await admin.SendFhirAsync(HttpMethod.Delete, $"/fhir/AuditEvent/{audit.Id}");
        delete.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);

        using var again = await admin.SendFhirAsync(HttpMethod.Get, $"/fhir/AuditEvent/{audit.Id}");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.ReadAsync<AuditEvent>()).Meta!.VersionId.ShouldBe("1");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Requests_refused_for_want_of_a_valid_token_are_audited(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var prefix = NewPrefix();
        using var admin = server.Admin();
        using var anonymous = server.Server.CreateClient();
        (await anonymous.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient?_id={prefix}-none")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var forged = server.Server.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-jwt");
        (await forged.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{prefix}-forged")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var feed = new StringContent("MSH|^~\\&|A|B|C|D|20260101||ADT^A01|" + prefix + "|P|2.5\r", Encoding.UTF8, "x-application/hl7-v2+er7");
        (await anonymous.PostAsync($"/hl7v2?tag={prefix}-hl7", feed)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        const string Query = "AuditEvent?type=http://dicom.nema.org/resources/ontology/DCM|110114&_count=500";
        var missing = await WaitForAuditAsync(admin, Query, a => a.OutcomeDesc?.Contains($"{prefix}-none", StringComparison.Ordinal) == true);
        missing.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N4);
        missing.Subtype.ShouldContain(c => c.Code == "110122");
        missing.OutcomeDesc.ShouldStartWith("GET /fhir/Patient");
        missing.OutcomeDesc!.ShouldContain("needs a bearer token");
        var refused = await WaitForAuditAsync(admin, Query, a => a.OutcomeDesc?.Contains($"{prefix}-forged", StringComparison.Ordinal) == true);
        refused.OutcomeDesc!.ShouldContain("The bearer token was refused");
        var hl7 = await WaitForAuditAsync(admin, Query, a => a.OutcomeDesc?.Contains($"{prefix}-hl7", StringComparison.Ordinal) == true);
        hl7.OutcomeDesc.ShouldStartWith("POST /hl7v2");
    }

    private static bool ByCaller(AuditEvent audit, string subject) => audit.Agent.Any(a => a.Who?.Identifier?.Value == subject);

    /// <summary>AuditEvents are written in the background: look until the expected one is there.</summary>
    internal static async Task<AuditEvent> WaitForAuditAsync(HttpClient admin, string query, Func<AuditEvent, bool> match)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var response = await admin.SendFhirAsync(HttpMethod.Get, "/fhir/" + query);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var found = (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Resource).OfType<AuditEvent>().FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await System.Threading.Tasks.Task.Delay(50);
        }

        throw new InvalidOperationException($"No AuditEvent matching {query} was written.");
    }
}
