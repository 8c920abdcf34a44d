using System.Net;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage.Migrations;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FhirChain.FhirApi.Tests.Storage;

/// <summary>
/// The RemoveUnionAliasRows migration on a store written before it: migrating down puts the alias
/// rows back (as the older build wrote them), up deletes them again, and searches by the aliases
/// give the same matches throughout.
/// </summary>
public sealed class UnionAliasRowsMigrationTests
{
    [Fact]
    public void The_migration_removes_exactly_the_aliases_the_registry_finds()
    {
        var registry = new SearchParameterRegistry();
        var found = registry.Types.SelectMany(t => registry.For(t).Where(d => d.UnionOf is not null).Select(d => $"{t}.{d.Code} = {string.Join(" | ", d.UnionOf!)}"));
        var removed = UnionAliasRows.Removed.Select(r => $"{r.Type}.{r.Alias} = {string.Join(" | ", r.Parts)}");

        removed.Order(StringComparer.Ordinal).ShouldBe(found.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Down_restores_the_alias_rows_up_removes_them_and_searches_match_either_way(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var bundle = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Search", "Data", "combo-fixture.json"));
        using (var loaded = await client.PostAsync("/fhir", FhirHttp.Body(bundle, FhirHttp.Json)))
        {
            loaded.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var db = server.CreateDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_RemoveUnionAliasRows", StringComparison.Ordinal)) - 1];
        var migrator = db.GetService<IMigrator>();
        (await AliasRowsAsync(db)).ShouldBe(0);
        await MatchesAsync(client);

        await migrator.MigrateAsync(before);
        (await db.TokenIndex.CountAsync(t => t.ResourceType == "Observation" && t.Param == "combo-code"))
            .ShouldBe(await db.TokenIndex.CountAsync(t => t.ResourceType == "Observation" && (t.Param == "code" || t.Param == "component-code")));
        (await db.QuantityIndex.CountAsync(t => t.ResourceType == "Observation" && t.Param == "combo-code-value-quantity")).ShouldBe(5);
        (await db.StringIndex.CountAsync(t => t.ResourceType == "Patient" && t.Param == "phonetic")).ShouldBe(3);
        await MatchesAsync(client);

        await migrator.MigrateAsync();
        (await AliasRowsAsync(db)).ShouldBe(0);
        await MatchesAsync(client);
    }

    private static async Task<int> AliasRowsAsync(FhirChain.FhirApi.Storage.FhirDbContext db)
    {
        var aliases = UnionAliasRows.Removed.Select(r => r.Alias).ToArray();
        return await db.TokenIndex.CountAsync(t => aliases.Contains(t.Param))
            + await db.QuantityIndex.CountAsync(t => aliases.Contains(t.Param))
            + await db.StringIndex.CountAsync(t => aliases.Contains(t.Param))
            + await db.UriIndex.CountAsync(t => aliases.Contains(t.Param));
    }

    private static async System.Threading.Tasks.Task MatchesAsync(HttpClient client)
    {
        (await IdsAsync(client, "Observation?combo-code=8480-6")).ShouldBe(["cb-1", "cb-2", "cb-4", "cb-6"]);
        (await IdsAsync(client, "Observation?combo-code-value-quantity=8480-6$gt130")).ShouldBe(["cb-1", "cb-6"]);
        (await IdsAsync(client, "Observation?combo-value-concept:missing=false")).ShouldBe(["cb-3", "cb-4"]);
        (await IdsAsync(client, "Patient?phonetic=ced")).ShouldBe(["pat-c"]);
    }

    private static async Task<string[]> IdsAsync(HttpClient client, string query)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/{query}&_count=100");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
        var bundle = await response.ReadAsync<Bundle>();
        return [.. bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id!).Order(StringComparer.Ordinal)];
    }
}
