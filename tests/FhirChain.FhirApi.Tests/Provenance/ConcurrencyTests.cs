using System.Net;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Storage;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChain.FhirApi.Tests.Provenance;

/// <summary>Parallel writers, in one server and in two servers on one database, still make one contiguous log.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Parallel_writers_on_two_servers_give_contiguous_leaves_one_per_version(DatabaseKind kind)
    {
        await using var first = await TestServer.StartAsync(kind);
        await using var second = first.Twin();
        using var clientA = first.CreateClient();
        using var clientB = second.CreateClient();

        const int writers = 8;
        const int writesEach = 15;
        var work = Enumerable.Range(0, writers).Select(w => System.Threading.Tasks.Task.Run(async () =>
        {
            var client = w % 2 == 0 ? clientA : clientB;
            string? id = null;
            for (var i = 0; i < writesEach; i++)
            {
                var patient = new Patient { Id = id, Name = [new HumanName { Family = $"Writer{w}", Given = [$"{i}"] }] };
                using var response = id is null
                    ? await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", patient)
                    : await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{id}", patient);
                response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
                id ??= (await response.ReadAsync<Patient>()).Id;
            }
        })).ToArray();
        await System.Threading.Tasks.Task.WhenAll(work);

        await using var db = first.CreateDbContext();
        var leaves = await db.LogLeaves.OrderBy(l => l.LeafIndex).Select(l => l.LeafIndex).ToListAsync();
        leaves.ShouldBe(Enumerable.Range(0, writers * writesEach).Select(i => (long)i).ToList());
        (await db.ResourceVersions.CountAsync()).ShouldBe(writers * writesEach);
        (await db.ResourceVersions.Select(v => v.LeafIndex).Distinct().CountAsync()).ShouldBe(writers * writesEach);
        (await db.LogHead.SingleAsync()).Size.ShouldBe(writers * writesEach);

        (await clientB.GetAsync("/log/checkpoint")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await first.Services.GetRequiredService<LogAuditor>().AuditAsync(first.Services.GetRequiredService<IFhirDbContextFactory>(), null, CancellationToken.None);
        report.Findings.ShouldBeEmpty();
    }
}
