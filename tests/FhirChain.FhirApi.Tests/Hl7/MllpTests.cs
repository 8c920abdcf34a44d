using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Hl7v2.Hl7TestMessages;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>The MLLP listener of the running server, over real loopback sockets.</summary>
public sealed class MllpTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Framed_message_gets_a_framed_aa_ack_after_its_data_is_committed(DatabaseKind kind)
    {
        var server = await MllpServers.GetAsync(kind);
        using var http = server.CreateClient();
        await using var mllp = await MllpClient.ConnectAsync(MllpServers.EndpointOf(server));
        var id = NewId();
        var controlId = "MLLP-" + id;

        var ack = await mllp.ExchangeAsync(Load("adt-a01.hl7", id, controlId));

        Field(ack, "MSA", 1).ShouldBe("AA");
        Field(ack, "MSA", 2).ShouldBe(controlId);
        // Read right after the ACK: the data must already be committed.
        var patient = await Hl7HttpTests.SingleAsync<Patient>(http, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        using var read = await http.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        read.Headers.Contains("X-Provenance-Leaf-Index").ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Two_messages_on_one_connection_are_acknowledged_in_order(DatabaseKind kind)
    {
        var server = await MllpServers.GetAsync(kind);
        using var http = server.CreateClient();
        await using var mllp = await MllpClient.ConnectAsync(MllpServers.EndpointOf(server));
        var id = NewId();

        // Both frames go out before any ACK is read: the listener must answer them one by one, in order.
        await mllp.SendAsync(Load("adt-a01.hl7", id, "FIRST-" + id));
        await mllp.SendAsync(Load("adt-a08.hl7", id, "SECOND-" + id));
        var first = await mllp.ReceiveAsync();
        var second = await mllp.ReceiveAsync();

        Field(first, "MSA", 2).ShouldBe("FIRST-" + id);
        Field(second, "MSA", 2).ShouldBe("SECOND-" + id);
        Field(first, "MSA", 1).ShouldBe("AA");
        Field(second, "MSA", 1).ShouldBe("AA");
        var patient = await Hl7HttpTests.SingleAsync<Patient>(http, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        patient.Meta!.VersionId.ShouldBe("2");
        patient.Name[0].Given.ShouldContain("Bert");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Concurrent_clients_each_get_their_own_acks_and_every_message_is_stored(DatabaseKind kind)
    {
        var server = await MllpServers.GetAsync(kind);
        using var http = server.CreateClient();
        var endpoint = MllpServers.EndpointOf(server);
        var ids = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 5).Select(_ => NewId()).ToArray()).ToArray();

        var acks = await System.Threading.Tasks.Task.WhenAll(ids.Select(async clientIds =>
        {
            await using var mllp = await MllpClient.ConnectAsync(endpoint);
            var received = new List<string>();
            for (var i = 0; i < clientIds.Length; i++)
            {
                received.Add(await mllp.ExchangeAsync(Load(i % 2 == 0 ? "adt-a01.hl7" : "oru-r01.hl7", clientIds[i], "CC-" + clientIds[i])));
            }

            return received;
        }));

        for (var c = 0; c < ids.Length; c++)
        {
            acks[c].Select(a => Field(a, "MSA", 2)).ShouldBe(ids[c].Select(id => "CC-" + id));
            acks[c].ShouldAllBe(a => Field(a, "MSA", 1) == "AA");
        }

        foreach (var id in ids.SelectMany(i => i))
        {
            await Hl7HttpTests.SingleAsync<Patient>(http, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unsupported_and_malformed_messages_get_ar_and_the_connection_stays_usable(DatabaseKind kind)
    {
        var server = await MllpServers.GetAsync(kind);
        await using var mllp = await MllpClient.ConnectAsync(MllpServers.EndpointOf(server));

        var unsupported = await mllp.ExchangeAsync(Load("orm-o01-unsupported.hl7", NewId()));
        var malformed = await mllp.ExchangeAsync(Load("malformed-no-control-id.hl7", NewId()));
        var accepted = await mllp.ExchangeAsync(Load("adt-a01.hl7", NewId()));

        Field(unsupported, "MSA", 1).ShouldBe("AR");
        Field(malformed, "MSA", 1).ShouldBe("AR");
        Field(accepted, "MSA", 1).ShouldBe("AA");
    }
}
