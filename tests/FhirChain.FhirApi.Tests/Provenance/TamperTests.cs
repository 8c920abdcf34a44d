using System.Net;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Tests.Infrastructure;
using FhirChain.Provenance.Merkle;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChain.FhirApi.Tests.Provenance;

/// <summary>
/// Someone with write access to the database changes it behind the server's back. Each change must
/// be caught by the read path, by $verify and by the audit.
/// </summary>
public sealed class TamperTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Read_of_tampered_version_is_refused(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patient = (await ProvenanceFixtures.CreatePatientsAsync(client, 1))[0];
        (await client.GetAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var db = server.CreateDbContext())
        {
            (await db.Database.ExecuteSqlRawAsync("UPDATE resource_versions SET json = REPLACE(json, '1974-12-25', '1975-01-01') WHERE resource_id = {0}", patient.Id!)).ShouldBe(1);
        }

        using var read = await client.GetAsync($"/fhir/Patient/{patient.Id}");
        read.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var body = await read.Content.ReadAsStringAsync();
        body.ShouldNotContain("1975-01-01");
        (await read.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Security);

        await ShouldNotVerifyAsync(client, $"/fhir/Patient/{patient.Id}/$verify");
        var report = await AuditAsync(server);
        report.Findings.ShouldContain(f => f.Kind == AuditFindingKind.Altered && f.Subject == $"Patient/{patient.Id}/_history/1");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Edited_served_meta_is_refused_too(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patient = (await ProvenanceFixtures.CreatePatientsAsync(client, 1))[0];
        await using (var db = server.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE resource_versions SET json = REPLACE(json, '\"versionId\":\"1\"', '\"versionId\":\"7\"') WHERE resource_id = {0}", patient.Id!);
        }

        (await client.GetAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await AuditAsync(server)).IsClean.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Deleted_history_row_is_detected(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patient = (await ProvenanceFixtures.CreatePatientsAsync(client, 1))[0];
        patient.Gender = AdministrativeGender.Female;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var db = server.CreateDbContext())
        {
            (await db.Database.ExecuteSqlRawAsync("DELETE FROM resource_versions WHERE resource_id = {0} AND version_id = 1", patient.Id!)).ShouldBe(1);
        }

        (await client.GetAsync($"/fhir/Patient/{patient.Id}/_history/1")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await client.GetAsync($"/fhir/Patient/{patient.Id}/_history")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        await ShouldNotVerifyAsync(client, $"/fhir/Patient/{patient.Id}/_history/1/$verify");
        var report = await AuditAsync(server);
        report.Findings.ShouldContain(f => f.Kind == AuditFindingKind.Missing && f.Subject == $"Patient/{patient.Id}/_history/1");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Deleted_current_version_does_not_make_the_older_one_current(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patient = (await ProvenanceFixtures.CreatePatientsAsync(client, 1))[0];
        patient.Gender = AdministrativeGender.Female;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = server.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM resource_versions WHERE resource_id = {0} AND version_id = 2", patient.Id!);
        }

        (await client.GetAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await AuditAsync(server)).Findings.ShouldContain(f => f.Kind == AuditFindingKind.Missing);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Edited_tree_node_is_detected(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patients = await ProvenanceFixtures.CreatePatientsAsync(client, 4);
        await client.GetStringAsync("/log/checkpoint"); // reads check against the newest signed tree

        // Leaf 1's node is on leaf 0's audit path.
        var key = NodeKey.Of(new NodeId(0, 1));
        await using (var db = server.CreateDbContext())
        {
            var node = await db.LogNodes.SingleAsync(n => n.Key == key);
            node.Hash = new byte[32];
            await db.SaveChangesAsync();
        }

        (await client.GetAsync($"/fhir/Patient/{patients[0].Id}")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        await ShouldNotVerifyAsync(client, $"/fhir/Patient/{patients[0].Id}/$verify");
        (await AuditAsync(server)).Findings.ShouldContain(f => f.Kind == AuditFindingKind.NodeMismatch && f.Subject == "node (level 0, index 1)");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Log_rolled_back_to_an_older_state_is_detected_after_restart(DatabaseKind kind)
    {
        var server = await TestServer.StartAsync(kind);
        try
        {
            using (var client = server.CreateClient())
            {
                var early = await ProvenanceFixtures.CreatePatientsAsync(client, 3);
                await client.GetStringAsync("/log/checkpoint");
                await ProvenanceFixtures.CreatePatientsAsync(client, 2);
                await client.GetStringAsync("/log/checkpoint");
                _ = early;
            }

            await RollBackAsync(server, 3);
            server = await server.RestartAsync();
            using var restarted = server.CreateClient();
            await using (var db = server.CreateDbContext())
            {
                var first = await db.ResourceVersions.OrderBy(v => v.LeafIndex).FirstAsync();
                (await restarted.GetAsync($"/fhir/Patient/{first.ResourceId}")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
                await ShouldNotVerifyAsync(restarted, $"/fhir/Patient/{first.ResourceId}/$verify");
            }

            (await restarted.GetAsync("/log/checkpoint")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await AuditAsync(server)).Findings.ShouldContain(f => f.Kind == AuditFindingKind.RolledBack);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Untouched_log_audits_clean(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patients = await ProvenanceFixtures.CreatePatientsAsync(client, 5);
        (await client.DeleteAsync($"/fhir/Patient/{patients[1].Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await client.GetStringAsync("/log/checkpoint");

        var report = await AuditAsync(server);
        report.Findings.ShouldBeEmpty();
        report.VersionsChecked.ShouldBe(6);
        report.TreeSize.ShouldBe(6);
    }

    /// <summary>What restoring a database backup taken at <paramref name="size"/> leaves looks like.</summary>
    private static async System.Threading.Tasks.Task RollBackAsync(TestServer server, long size)
    {
        await using var db = server.CreateDbContext();
        var checkpoint = await db.LogCheckpoints.SingleAsync(c => c.TreeSize == size);
        var later = await db.ResourceVersions.Where(v => v.LeafIndex >= size).ToListAsync();
        foreach (var version in later)
        {
            await db.Resources.Where(r => r.ResourceType == version.ResourceType && r.ResourceId == version.ResourceId).ExecuteDeleteAsync();
        }

        await db.ResourceVersions.Where(v => v.LeafIndex >= size).ExecuteDeleteAsync();
        await db.LogLeaves.Where(l => l.LeafIndex >= size).ExecuteDeleteAsync();
        var beyond = (await db.LogNodes.Select(n => n.Key).ToListAsync()).Where(k => NodeKey.ToId(k).EndLeaf > size).ToList();
        await db.LogNodes.Where(n => beyond.Contains(n.Key)).ExecuteDeleteAsync();
        await db.LogCheckpoints.Where(c => c.TreeSize > size).ExecuteDeleteAsync();
        await db.LogHead.ExecuteUpdateAsync(s => s.SetProperty(h => h.Size, size).SetProperty(h => h.RootHash, checkpoint.RootHash));
    }

    private static async System.Threading.Tasks.Task ShouldNotVerifyAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var parameters = await response.ReadAsync<Parameters>();
        parameters.GetSingleValue<FhirBoolean>("verified")!.Value.ShouldBe(false);
        parameters.GetSingleValue<FhirString>("reason")!.Value.ShouldNotBeNullOrWhiteSpace();
    }

    private static async Task<AuditReport> AuditAsync(TestServer server)
    {
        var auditor = server.Services.GetRequiredService<LogAuditor>();
        return await auditor.AuditAsync(server.Services.GetRequiredService<FhirChain.FhirApi.Storage.IFhirDbContextFactory>(), null, CancellationToken.None);
    }
}
