using FhirChain.FhirApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static FhirChain.FhirApi.Tests.Hl7v2.Hl7TestMessages;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>On an empty database: a failed message (AR or AE) leaves no version, leaf or hl7_messages row behind.</summary>
public sealed class FailedMessageStorageTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Rejected_and_failed_messages_store_nothing(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var failing = Load("adt-a01-future-birth-date.hl7", NewId());

        var acks = new[]
        {
            await PostAsync(client, Load("orm-o01-unsupported.hl7", NewId())),
            await PostAsync(client, Load("malformed-no-control-id.hl7", NewId())),
            await PostAsync(client, failing),
            await PostAsync(client, failing),
        };

        acks.Select(a => Field(a, "MSA", 1)).ShouldBe(["AR", "AR", "AE", "AE"]);
        await using var db = server.CreateDbContext();
        (await db.ResourceVersions.CountAsync()).ShouldBe(0);
        (await db.LogLeaves.CountAsync()).ShouldBe(0);
        (await db.Hl7Messages.CountAsync()).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Accepted_message_is_recorded_once_with_its_sender_control_id_and_ack(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var message = Load("adt-a01.hl7", NewId(), "CTRL-1");

        var ack = await PostAsync(client, message);
        await PostAsync(client, message);

        await using var db = server.CreateDbContext();
        var row = (await db.Hl7Messages.ToListAsync()).ShouldHaveSingleItem();
        row.Sender.ShouldBe("ADMIT^GENHOSP");
        row.ControlId.ShouldBe("CTRL-1");
        row.Ack.ShouldBe(ack);
        (await db.LogLeaves.CountAsync()).ShouldBe(await db.ResourceVersions.CountAsync());
        (await db.ResourceVersions.Select(v => v.ResourceType).OrderBy(t => t).ToListAsync()).ShouldBe(["Encounter", "Patient", "Provenance"]);
    }
}
