using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>
/// A restricted history page judges versions batch by batch (64 and more at a time) until it is full:
/// runs of hidden versions longer than a batch, between visible ones, must neither hide a visible
/// version nor repeat one, forward and backward, with the next, previous and last links right.
/// </summary>
public sealed partial class HistoryAccessTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Restricted_history_pages_across_runs_of_hidden_versions_longer_than_a_batch(DatabaseKind kind)
    {
        await using var server = await StartSeededAsync(kind);
        using var admin = server.Admin();
        var shown = new List<string>();
        var hidden = new List<string>();
        for (var run = 0; run < 3; run++)
        {
            // 150 versions of D's (who denies), then a visible update of A's and a visible new Observation of A's.
            await TransactionAsync(admin, Enumerable.Range(0, 150).Select(i => Observation($"{D}-run{run}-{i}", D, HeartRate)));
            hidden.AddRange(Enumerable.Range(0, 150).Select(i => $"Observation/{D}-run{run}-{i}/_history/1"));
            var update = Observation(A + "-hr", A, HeartRate);
            update.Value = new Quantity(80 + run, "/min");
            await admin.PutAsync(update);
            shown.Add($"Observation/{A}-hr/_history/{3 + run}");
            await admin.PutAsync(Observation($"{A}-run{run}", A, HeartRate));
            shown.Add($"Observation/{A}-run{run}/_history/1");
        }

        // Visible and hidden versions alternating within one transaction.
        await TransactionAsync(admin, Enumerable.Range(0, 40).Select(i => Observation(i % 2 == 0 ? $"{A}-mixed-{i}" : $"{D}-mixed-{i}", i % 2 == 0 ? A : D, HeartRate)));
        shown.AddRange(Enumerable.Range(0, 40).Where(i => i % 2 == 0).Select(i => $"Observation/{A}-mixed-{i}/_history/1"));
        hidden.AddRange(Enumerable.Range(0, 40).Where(i => i % 2 == 1).Select(i => $"Observation/{D}-mixed-{i}/_history/1"));

        var all = (await HistoryAsync(admin, "_history?_count=1000")).Versions;
        foreach (var client in new[] { server.Researcher(), server.Client("patient/*.rs", patient: A) })
        {
            using (client)
            {
                var whole = await HistoryAsync(client, "_history?_count=1000");
                whole.Total.ShouldBe(whole.Versions.Count);
                whole.Versions.ShouldBe(all.Where(whole.Versions.Contains), "in the unrestricted order");
                shown.ShouldAllBe(v => whole.Versions.Contains(v));
                hidden.ShouldAllBe(v => !whole.Versions.Contains(v));

                var forward = new List<string>();
                var first = await HistoryAsync(client, "_history?_count=4");
                first.Previous.ShouldBeNull();
                for (var page = first; ; page = await HistoryAsync(client, page.Next))
                {
                    page.Total.ShouldBe(whole.Versions.Count);
                    page.Versions.Count.ShouldBe(page.Next is null ? whole.Versions.Count - forward.Count : 4);
                    forward.AddRange(page.Versions);
                    if (page.Next is null)
                    {
                        break;
                    }
                }

                forward.ShouldBe(whole.Versions);

                var last = await HistoryAsync(client, first.Last!);
                last.Next.ShouldBeNull();
                var backward = new List<string>(last.Versions);
                for (var page = last; page.Previous is not null;)
                {
                    page = await HistoryAsync(client, page.Previous);
                    page.Next.ShouldNotBeNull();
                    backward.InsertRange(0, page.Versions);
                }

                backward.ShouldBe(whole.Versions);

                // _offset skips visible versions only.
                (await HistoryAsync(client, "_history?_count=3&_offset=5")).Versions.ShouldBe(whole.Versions.Skip(5).Take(3));
            }
        }
    }

    private static async System.Threading.Tasks.Task TransactionAsync(HttpClient client, IEnumerable<Resource> resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.AddRange(resources.Select(r => new Bundle.EntryComponent { Resource = r, Request = new() { Method = Bundle.HTTPVerb.PUT, Url = $"{r.TypeName}/{r.Id}" } }));
        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
