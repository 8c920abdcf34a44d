using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Audit.AuditTrailTests;
using static FhirChain.FhirApi.Tests.Hl7v2.Hl7TestMessages;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>
/// Every HL7 v2 message, over <c>POST /hl7v2</c> or MLLP, accepted or not, leaves an AuditEvent: the
/// sender from MSH-3/MSH-4, the control id (MSH-10), the outcome and the resources its transaction wrote.
/// </summary>
public sealed class Hl7AuditTests
{
    private const string SenderSystem = "urn:fhirchain:hl7v2:sender";

    private static Task<TestServer> StartAsync(DatabaseKind kind) => TestServer.StartAsync(kind, new()
    {
        ["Audit:Enabled"] = "true",
        ["Mllp:BindAnyFreePort"] = "true",
        ["Mllp:Address"] = "127.0.0.1",
    });

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Accepted_messages_are_audited_with_sender_control_id_and_the_resources_written(DatabaseKind kind)
    {
        await using var server = await StartAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();

        Field(await PostAsync(client, Load("adt-a01.hl7", id, "A01-" + id)), "MSA", 1).ShouldBe("AA");
        await using (var mllp = await MllpClient.ConnectAsync(MllpServers.EndpointOf(server)))
        {
            Field(await mllp.ExchangeAsync(Load("oru-r01.hl7", id, "R01-" + id)), "MSA", 1).ShouldBe("AA");
        }

        var admission = await WaitForAuditAsync(client, $"AuditEvent?entity-name=A01-{id}", _ => true);
        admission.Type.Code.ShouldBe("110107");
        admission.Subtype.Select(c => c.Code).ShouldBe(["ADT", "A01"]);
        admission.Action.ShouldBe(AuditEvent.AuditEventAction.C);
        admission.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N0);
        var sender = admission.Agent.Single(a => a.Requestor == true);
        sender.Who!.Identifier!.System.ShouldBe(SenderSystem);
        sender.Who.Identifier.Value.ShouldBe("ADMIT^GENHOSP");
        var message = admission.Entity[0];
        message.Name.ShouldBe("A01-" + id);
        message.Detail.ShouldHaveSingleItem().Type.ShouldBe("MSH-10");
        ((FhirString)message.Detail[0].Value).Value.ShouldBe("A01-" + id);
        var patient = await SingleAsync<Patient>(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        var encounter = await SingleAsync<Encounter>(client, $"/fhir/Encounter?identifier={IdentifierQuery("VN" + id)}");
        var written = admission.Entity.Skip(1).Select(e => e.What!.Reference!).ToList();
        written.ShouldContain($"Patient/{patient.Id}");
        written.ShouldContain($"Encounter/{encounter.Id}");
        written.Count(w => w.StartsWith("Provenance/", StringComparison.Ordinal)).ShouldBe(1);
        written.Count.ShouldBe(3);

        // The MLLP message is audited the same way, and its AuditEvent is found from the patient it wrote.
        var results = await WaitForAuditAsync(client, $"AuditEvent?entity-name=R01-{id}", _ => true);
        results.Subtype.Select(c => c.Code).ShouldBe(["ORU", "R01"]);
        results.Entity.Skip(1).Select(e => e.What!.Reference!.Split('/')[0]).Order(StringComparer.Ordinal)
            .ShouldBe(["DiagnosticReport", "Observation", "Observation", "Patient", "Provenance"]);
        (await WaitForAuditAsync(client, $"AuditEvent?entity=Patient/{patient.Id}&subtype=R01", _ => true)).Id.ShouldBe(results.Id);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Resent_rejected_failed_and_unparseable_messages_are_audited_with_their_outcome(DatabaseKind kind)
    {
        await using var server = await StartAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();
        var admission = Load("adt-a01.hl7", id, "A01-" + id);
        await PostAsync(client, admission);

        await using (var mllp = await MllpClient.ConnectAsync(MllpServers.EndpointOf(server)))
        {
            Field(await mllp.ExchangeAsync(admission), "MSA", 1).ShouldBe("AA");
            Field(await mllp.ExchangeAsync(Load("orm-o01-unsupported.hl7", id, "ORM-" + id)), "MSA", 1).ShouldBe("AR");
        }

        Field(await PostAsync(client, Load("adt-a01-future-birth-date.hl7", id, "BAD-" + id)), "MSA", 1).ShouldBe("AE");
        var unparseable = $"MSH|^~\\&|LAB{id}|GENHOSP|FHIRCHAIN|FC|20260110083000+0000||ADT^A01^ADT_A01||P|2.5.1\rPID|1||MRN{id}^^^GENHOSP^MR\r";
        Field(await PostAsync(client, unparseable), "MSA", 1).ShouldBe("AR");

        var resend = await WaitForAuditAsync(client, $"AuditEvent?entity-name=A01-{id}", a => a.OutcomeDesc is not null);
        resend.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N0);
        resend.OutcomeDesc!.ShouldContain("resend");
        resend.Entity.ShouldHaveSingleItem().Name.ShouldBe("A01-" + id);

        var unsupported = await WaitForAuditAsync(client, $"AuditEvent?entity-name=ORM-{id}", _ => true);
        unsupported.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N4);
        unsupported.OutcomeDesc!.ShouldContain("not supported");
        unsupported.Entity.ShouldHaveSingleItem();

        var failed = await WaitForAuditAsync(client, $"AuditEvent?entity-name=BAD-{id}", _ => true);
        failed.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N4);
        failed.OutcomeDesc.ShouldNotBeNullOrEmpty();
        failed.Entity.ShouldHaveSingleItem();

        // Text that does not parse: the sender is read from what of MSH could be salvaged; there is no control id.
        var rejected = await WaitForAuditAsync(client, $"AuditEvent?agent-name=LAB{id}", _ => true);
        rejected.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N4);
        rejected.OutcomeDesc!.ShouldContain("MSH-10");
        rejected.Agent.Single(a => a.Requestor == true).Who!.Identifier!.Value.ShouldBe($"LAB{id}^GENHOSP");
        rejected.Entity.ShouldHaveSingleItem().Name.ShouldBeNull();
    }

    private static async Task<T> SingleAsync<T>(HttpClient client, string url)
        where T : Resource
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url);
        return (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Resource).OfType<T>().ShouldHaveSingleItem();
    }
}
