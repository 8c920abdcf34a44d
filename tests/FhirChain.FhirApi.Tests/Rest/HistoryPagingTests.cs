using System.Net;
using System.Text;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>
/// Keyset paging of history at instance, type and system level while versions are written between
/// page fetches: offset paging would repeat a version on every later page (history grows at its
/// newest end, the first page). Walking next from the first page must give exactly the versions
/// there were when the walk began; walking previous from the last page, every version there is when
/// it ends; both newest first, none twice.
/// </summary>
public sealed class HistoryPagingTests
{
    private static int updates;

    public static TheoryData<DatabaseKind, string> Levels
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string>();
            foreach (var kind in Databases.Kinds)
            {
                foreach (var level in new[] { "instance", "type", "system" })
                {
                    data.Add(kind, level);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public async System.Threading.Tasks.Task History_pages_neither_repeat_nor_skip_while_versions_are_written(DatabaseKind kind, string level)
    {
        await using var server = await TestServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false" });
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var other = await Resources.CreateAsync(client, Resources.Patient("Other"));
        for (var i = 0; i < 4; i++)
        {
            await UpdateAsync(client, patient);
            await UpdateAsync(client, other);
        }

        await Resources.CreateAsync(client, Resources.Observation($"Patient/{patient.Id}"));
        var path = level switch
        {
            "instance" => $"/fhir/Patient/{patient.Id}/_history",
            "type" => "/fhir/Patient/_history",
            _ => "/fhir/_history",
        };
        var before = await AllAsync(client, path);
        before.Count.ShouldBe(level switch { "instance" => 5, "type" => 10, _ => 11 });

        // Forward, with a version of each patient written after every page.
        var pages = new List<Bundle>();
        var forward = new List<string>();
        for (var url = path + "?_count=3"; url is not null;)
        {
            var page = await GetAsync(client, url);
            pages.Add(page);
            forward.AddRange(Versions(page));
            url = Link(page, "next");
            if (url is not null)
            {
                await UpdateAsync(client, patient);
                await UpdateAsync(client, other);
            }
        }

        forward.ShouldBe(before);
        pages.ShouldAllBe(p => Link(p, "self") != null && Link(p, "first") != null && Link(p, "last") != null);
        Link(pages[0], "previous").ShouldBeNull();
        Link(pages[^1], "next").ShouldBeNull();
        pages.Skip(1).ShouldAllBe(p => Link(p, "previous") != null);

        // A page's self link gives the same versions after more were written.
        Versions(await GetAsync(client, Link(pages[1], "self")!)).ShouldBe(Versions(pages[1]));

        // The last page holds the oldest versions.
        var now = await AllAsync(client, path);
        var last = await GetAsync(client, Link(pages[0], "last")!);
        Versions(last).ShouldBe(now.TakeLast(3));
        Versions(last)[^1].ShouldBe(level == "instance" ? $"Patient/{patient.Id}/_history/1" : now[^1]);
        Link(last, "next").ShouldBeNull();
        last.Total.ShouldBe(now.Count);

        // Backward from the last page, with versions written before every page fetched.
        var backward = Versions(last);
        for (var url = Link(last, "previous"); url is not null;)
        {
            await UpdateAsync(client, patient);
            await UpdateAsync(client, other);
            var page = await GetAsync(client, url);
            Link(page, "next").ShouldNotBeNull();
            backward.InsertRange(0, Versions(page));
            url = Link(page, "previous");
        }

        backward.ShouldBe(await AllAsync(client, path));
        backward.Count.ShouldBeGreaterThan(now.Count);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Offset_links_still_page_since_is_kept_in_links_and_foreign_cursors_are_refused(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        for (var i = 0; i < 4; i++)
        {
            await UpdateAsync(client, patient);
        }

        var path = $"/fhir/Patient/{patient.Id}/_history";
        var offset = await GetAsync(client, path + "?_count=2&_offset=2");
        offset.Entry.Select(e => e.Response!.Etag).ShouldBe(["W/\"3\"", "W/\"2\""]);
        Link(offset, "self")!.ShouldContain("_offset=2");
        Versions(await GetAsync(client, Link(offset, "next")!)).ShouldBe([$"Patient/{patient.Id}/_history/1"]);
        Versions(await GetAsync(client, Link(offset, "previous")!)).ShouldBe([$"Patient/{patient.Id}/_history/5", $"Patient/{patient.Id}/_history/4"]);

        var since = await GetAsync(client, path + "?_since=2000-01-01&_count=2");
        var next = Link(since, "next")!;
        next.ShouldContain("_since=2000-01-01");
        Link(since, "last")!.ShouldContain("_since=2000-01-01");
        Versions(await GetAsync(client, next)).ShouldBe([$"Patient/{patient.Id}/_history/3", $"Patient/{patient.Id}/_history/2"]);

        (await client.GetAsync(path + "?_cursor=not-a-cursor")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var searchCursor = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"o\":\"_lastUpdated,_id\",\"k\":[]}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var foreign = await client.GetAsync(path + "?_cursor=" + searchCursor);
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("_cursor");
    }

    /// <summary>
    /// History cursors are row ids, so they need ids in commit order: a version given a lower id but
    /// committed after a reader passed that id would never be shown to it. Every write holds the log
    /// head's row lock from its first insert to its commit (on PostgreSQL across server processes), so
    /// ids follow the log's leaf order, which is commit order. Two server instances write at once
    /// while a reader walks the system history page by page.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Row_ids_follow_commit_order_while_two_servers_write_at_once(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false" });
        await using var twin = server.Twin();
        using var reader = server.CreateClient();
        for (var i = 0; i < 12; i++)
        {
            await Resources.CreateAsync(reader, Resources.Patient($"Before{i}"));
        }

        var before = await AllAsync(reader, "/fhir/_history");
        var first = await GetAsync(reader, "/fhir/_history?_count=2");
        var writers = new[] { server, twin, server, twin }.Select(async (host, w) =>
        {
            using var client = host.CreateClient();
            for (var i = 0; i < 15; i++)
            {
                await Resources.CreateAsync(client, Resources.Patient($"Writer{w}x{i}"));
            }
        }).ToList();

        var forward = Versions(first);
        for (var url = Link(first, "next"); url is not null;)
        {
            var page = await GetAsync(reader, url);
            forward.AddRange(Versions(page));
            url = Link(page, "next");
        }

        await System.Threading.Tasks.Task.WhenAll(writers);
        forward.ShouldBe(before);

        await using var db = server.CreateDbContext();
        var leaves = db.ResourceVersions.OrderBy(v => v.Id).Select(v => v.LeafIndex).ToList();
        leaves.Count.ShouldBe(12 + (4 * 15));
        leaves.ShouldBe(leaves.Order().ToList());
        (await AllAsync(reader, "/fhir/_history")).Count.ShouldBe(leaves.Count);
    }

    private static async System.Threading.Tasks.Task UpdateAsync(HttpClient client, Patient patient)
    {
        patient.Name[0].Given = [$"Given{Interlocked.Increment(ref updates)}"];
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<List<string>> AllAsync(HttpClient client, string path)
    {
        var all = await GetAsync(client, path + "?_count=1000");
        Link(all, "next").ShouldBeNull();
        return Versions(all);
    }

    private static async Task<Bundle> GetAsync(HttpClient client, string url)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url.StartsWith("http", StringComparison.Ordinal) ? new Uri(url).PathAndQuery : url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bundle = await response.ReadAsync<Bundle>();
        bundle.Type.ShouldBe(Bundle.BundleType.History);
        return bundle;
    }

    private static List<string> Versions(Bundle page) => page.Entry.Select(e => e.Response!.Location!).ToList();

    private static string? Link(Bundle page, string relation) => page.Link.SingleOrDefault(l => l.Relation == relation)?.Url;
}
