using System.Text.Json;
using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Export;

/// <summary>
/// Runs one export job from the start: reads as the job's caller (scopes, patient compartment,
/// research consents as they stand when the job runs), selects each type's current resources through
/// the same <see cref="DataScope"/> and search service as any request, and writes one NDJSON file per type.
/// </summary>
internal sealed class ExportJobProcessor(
    FhirDbContext db,
    CallerAccessor callers,
    DataScope scope,
    ResearchExportFilter researchFilter,
    SearchService search,
    FhirSerializer serializer,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<ExportOptions> exportOptions,
    IOptions<AuthOptions> authOptions)
{
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = false };

    public async Task RunAsync(ExportJobRow job, CancellationToken cancellationToken)
    {
        var options = exportOptions.Value;
        ExportFiles.Delete(options, job.Id);
        var directory = Directory.CreateDirectory(ExportFiles.JobDirectory(options, job.Id)).FullName;

        var caller = StoredCaller.FromJson(job.CallerJson);
        callers.Set(caller);
        scope.Begin(caller);
        if (caller.PatientId is { } patient && caller.GrantFor("*", SmartPermission.Read) == AccessGrant.PatientCompartment)
        {
            scope.RestrictToPatient(patient);
        }

        if (job.Level == "group")
        {
            scope.RestrictToPatients(await GroupMembersAsync(job.GroupId!, cancellationToken));
        }
        else if (job.Level == "patient")
        {
            scope.RestrictToPatients(await db.Resources.AsNoTracking().Where(r => r.ResourceType == "Patient" && !r.IsDeleted).Select(r => r.ResourceId).ToListAsync(cancellationToken));
        }

        await scope.PrepareAsync(cancellationToken);
        var types = job.Types?.Split(',').ToList()
            ?? await db.Resources.AsNoTracking().Where(r => !r.IsDeleted && r.ResourceType != "AuditEvent").Select(r => r.ResourceType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        var filters = (job.TypeFilters ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => (Type: f[..f.IndexOf('?', StringComparison.Ordinal)], Query: f[(f.IndexOf('?', StringComparison.Ordinal) + 1)..]))
            .ToLookup(f => f.Type, f => f.Query);
        var deidentifier = job.Deidentify ? new Deidentifier(job.DeidentifyKey!) : null;
        var outputs = new List<ExportOutput>();
        var errors = new List<ExportOutput>();
        var done = 0;
        foreach (var type in types)
        {
            if (!await IsStillWantedAsync(job.Id, cancellationToken))
            {
                ExportFiles.Delete(options, job.Id);
                return;
            }

            await SetProgressAsync(job, $"{done}/{types.Count} types: exporting {type}", cancellationToken);
            var ids = await SelectAsync(type, filters[type].ToList(), job.SinceMs, cancellationToken);
            if (ids.Error is { } error)
            {
                var errorFile = $"OperationOutcome-{type}.ndjson";
                await File.WriteAllTextAsync(Path.Combine(directory, errorFile), Compact(error), cancellationToken);
                errors.Add(new ExportOutput("OperationOutcome", $"{job.BaseUrl}/$export-file/{job.Id}/{errorFile}", 1));
                continue;
            }

            var count = await WriteTypeAsync(Path.Combine(directory, type + ".ndjson"), ids.RowIds, deidentifier, cancellationToken);
            if (count > 0)
            {
                outputs.Add(new ExportOutput(type, $"{job.BaseUrl}/$export-file/{job.Id}/{type}.ndjson", count));
            }
            else
            {
                File.Delete(Path.Combine(directory, type + ".ndjson"));
            }

            done++;
        }

        var manifest = new ExportManifest(
            FhirInstantText.Format(DateTimeOffset.FromUnixTimeMilliseconds(job.TransactionTimeMs)),
            job.RequestUrl,
            authOptions.Value.Enabled,
            outputs,
            errors);
        var stored = await db.ExportJobs.FirstAsync(j => j.Id == job.Id, cancellationToken);
        if (stored.Status == ExportStatus.Cancelled)
        {
            ExportFiles.Delete(options, job.Id);
            return;
        }

        stored.Status = ExportStatus.Completed;
        stored.ManifestJson = JsonSerializer.Serialize(manifest, ManifestJson);
        stored.Progress = $"{types.Count}/{types.Count} types";
        stored.UpdatedMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(new AuditRecord(caller, "operation", "E", null, null, $"$export job {job.Id}: " + string.Join(", ", outputs.Select(o => $"{o.Type} {o.Count}")),
            StatusCodes.Status200OK, null, clock.GetUtcNow()));
    }

    private async Task<List<string>> GroupMembersAsync(string groupId, CancellationToken cancellationToken)
    {
        var json = await db.Resources.AsNoTracking().Where(r => r.ResourceType == "Group" && r.ResourceId == groupId && !r.IsDeleted)
            .Join(db.ResourceVersions, r => r.CurrentRowId, v => v.Id, (r, v) => v.Json).FirstOrDefaultAsync(cancellationToken);
        using var document = JsonDocument.Parse(json ?? "{}");
        if (!document.RootElement.TryGetProperty("member", out var members))
        {
            return [];
        }

        return members.EnumerateArray()
            .Select(m => m.TryGetProperty("entity", out var entity) && entity.TryGetProperty("reference", out var reference) ? reference.GetString() : null)
            .OfType<string>().Where(r => r.StartsWith("Patient/", StringComparison.Ordinal)).Select(r => r["Patient/".Length..]).ToList();
    }

    /// <summary>
    /// The current rows of a type to export: all visible ones, or those any of its <c>_typeFilter</c>
    /// queries match. Visible: within the job's patient compartments, and for a research client what the
    /// consents permit, decided set-based for the whole type (<see cref="ResearchExportFilter"/>).
    /// </summary>
    private async Task<(List<long> RowIds, FhirResponse? Error)> SelectAsync(string type, List<string> filters, long? sinceMs, CancellationToken cancellationToken)
    {
        var rows = scope.ApplyCompartments(db.Resources.AsNoTracking().Where(r => r.ResourceType == type && !r.IsDeleted));
        if (scope.Decisions is { } decisions)
        {
            rows = rows.Where(await researchFilter.ForTypeAsync(decisions, type, cancellationToken));
        }

        if (sinceMs is { } since)
        {
            rows = rows.Where(r => r.LastUpdatedMs > since);
        }

        if (filters.Count > 0)
        {
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var filter in filters)
            {
                var found = await search.FindIdsAsync(type, filter, int.MaxValue, cancellationToken);
                if (found.Error is not null)
                {
                    return ([], found.Error);
                }

                matched.UnionWith(found.Ids);
            }

            var ids = matched.ToList();
            rows = rows.Where(r => EF.Parameter(ids).Contains(r.ResourceId));
        }

        return (await rows.OrderBy(r => r.CurrentRowId).Select(r => r.CurrentRowId).ToListAsync(cancellationToken), null);
    }

    /// <summary>
    /// Writes the current versions, in commit order, to an NDJSON file: the stored JSON as is, unless
    /// de-identified. The JSON is read in chunks of ids, each one query with the ids as a single array
    /// parameter (as many parameters as ids made every chunk a new statement; one query joined to the
    /// selection made PostgreSQL sort the documents themselves, on disk, when the consent filter misled its
    /// estimates). SQLite and PostgreSQL hand the stored text over as UTF-8 bytes, which are copied to the
    /// file as they are; SQL Server's text is read as strings.
    /// </summary>
    private async Task<int> WriteTypeAsync(string path, List<long> rowIds, Deidentifier? deidentifier, CancellationToken cancellationToken)
    {
        await using var file = new NdjsonWriter(path);
        var asStored = deidentifier is null && (db.Database.IsSqlite() || db.Database.IsNpgsql());
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var chunk in rowIds.Chunk(exportOptions.Value.ChunkSize))
            {
                var documents = db.ResourceVersions.AsNoTracking().Where(v => EF.Parameter(chunk).Contains(v.Id)).OrderBy(v => v.Id).Select(v => v.Json);
                if (asStored)
                {
                    await using var command = documents.CreateDbCommand();
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        if (!await reader.IsDBNullAsync(0, cancellationToken))
                        {
                            await using var json = reader.GetStream(0);
                            await file.WriteUtf8Async(json, cancellationToken);
                        }
                    }
                }
                else
                {
                    foreach (var json in (await documents.ToListAsync(cancellationToken)).OfType<string>())
                    {
                        await file.WriteAsync(deidentifier?.Apply(json) ?? json, cancellationToken);
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return file.Count;
    }

    private string Compact(FhirResponse error) => serializer.ToJson(error.Resource!);

    private async Task<bool> IsStillWantedAsync(string id, CancellationToken cancellationToken) =>
        await db.ExportJobs.AsNoTracking().AnyAsync(j => j.Id == id && j.Status == ExportStatus.Running, cancellationToken);

    private async Task SetProgressAsync(ExportJobRow job, string progress, CancellationToken cancellationToken) =>
        await db.ExportJobs.Where(j => j.Id == job.Id && j.Status == ExportStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, progress).SetProperty(j => j.UpdatedMs, clock.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);
}
