using System.Globalization;
using System.Security.Cryptography;
using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Export;

/// <summary>The Bulk Data kick-off, status and cancel requests (the work itself is <see cref="ExportJobProcessor"/>'s).</summary>
internal sealed class ExportService(
    FhirDbContext db,
    CallerAccessor callers,
    SearchParameterRegistry registry,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<ExportOptions> options)
{
    private static readonly string[] OutputFormats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

    public async Task<FhirResponse> KickOffAsync(string level, string? groupId, HttpRequest http, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        var response = await ValidateAndQueueAsync(caller, level, groupId, http, cancellationToken);
        audit.Record(new AuditRecord(caller, "operation", "E", groupId is null ? null : "Group", groupId, "$export " + http.Path + http.QueryString,
            response.StatusCode, response.IsSuccess ? null : (response.Resource as Hl7.Fhir.Model.OperationOutcome)?.Issue[0].Diagnostics, clock.GetUtcNow()));
        return response;
    }

    private async Task<FhirResponse> ValidateAndQueueAsync(Caller caller, string level, string? groupId, HttpRequest http, CancellationToken cancellationToken)
    {
        if (!Rest.FhirRequestContext.From(http).RespondAsync)
        {
            return Outcomes.BadRequest("$export runs asynchronously: send 'Prefer: respond-async'.");
        }

        var query = http.Query;
        if (query["_outputFormat"].ToString() is { Length: > 0 } format && !OutputFormats.Contains(format))
        {
            return Outcomes.BadRequest($"_outputFormat '{format}' is not supported: use application/fhir+ndjson.", "_outputFormat");
        }

        var types = query["_type"].SelectMany(t => (t ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        if (types.FirstOrDefault(t => !registry.IsKnownType(t)) is { } unknown)
        {
            return Outcomes.BadRequest($"_type '{unknown}' is not a resource type this server stores.", "_type");
        }

        long? since = null;
        if (query["_since"].ToString() is { Length: > 0 } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Outcomes.BadRequest($"_since '{sinceText}' is not a FHIR instant.", "_since");
            }

            since = parsed.ToUnixTimeMilliseconds();
        }

        var filters = query["_typeFilter"].SelectMany(f => (f ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (filters.FirstOrDefault(f => !f.Contains('?', StringComparison.Ordinal) || !registry.IsKnownType(f[..f.IndexOf('?', StringComparison.Ordinal)])) is { } badFilter)
        {
            return Outcomes.BadRequest($"_typeFilter '{badFilter}' must be [type]?[search parameters].", "_typeFilter");
        }

        foreach (var type in types.Count == 0 ? ["*"] : types)
        {
            foreach (var permission in new[] { SmartPermission.Read, SmartPermission.Search })
            {
                if (caller.GrantFor(type, permission) == AccessGrant.None)
                {
                    return AuthOutcomes.OutOfScope(type, permission);
                }
            }
        }

        if (groupId is not null && !await db.Resources.AsNoTracking().AnyAsync(r => r.ResourceType == "Group" && r.ResourceId == groupId && !r.IsDeleted, cancellationToken))
        {
            return Outcomes.NotFound($"Group/{groupId} is not known.");
        }

        var deidentify = string.Equals(query["_deidentify"], "true", StringComparison.OrdinalIgnoreCase);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var baseUrl = Rest.FhirRequestContext.BaseUrlOf(http);
        var job = new ExportJobRow
        {
            Id = IdRules.NewId(),
            Status = ExportStatus.Queued,
            Level = level,
            GroupId = groupId,
            Types = types.Count == 0 ? null : string.Join(',', types),
            SinceMs = since,
            TypeFilters = filters.Count == 0 ? null : string.Join('\n', filters),
            Deidentify = deidentify,
            DeidentifyKey = deidentify ? RandomNumberGenerator.GetBytes(32) : null,
            RequestUrl = $"{http.Scheme}://{http.Host}{http.PathBase}{http.Path}{http.QueryString}",
            BaseUrl = baseUrl,
            CallerJson = StoredCaller.ToJson(caller),
            TransactionTimeMs = now,
            UpdatedMs = now,
        };
        db.ExportJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return new FhirResponse(StatusCodes.Status202Accepted)
        {
            Resource = Outcomes.Information($"Export job {job.Id} queued."),
            Headers = new Dictionary<string, string> { ["Content-Location"] = $"{baseUrl}/$export-status/{job.Id}" },
        };
    }

    /// <summary>The job, or a response saying why the caller cannot see it.</summary>
    public async Task<(ExportJobRow? Job, FhirResponse? Refusal)> FindAsync(string id, CancellationToken cancellationToken)
    {
        var job = await db.ExportJobs.FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null || job.Status == ExportStatus.Cancelled)
        {
            return (null, Outcomes.NotFound($"Export job {id} is not known (or was cancelled)."));
        }

        var caller = callers.Current;
        if (!caller.IsUnrestricted && StoredCaller.FromJson(job.CallerJson).Subject != caller.Subject)
        {
            return (null, AuthOutcomes.Forbidden($"Export job {id} belongs to another client."));
        }

        return (job, null);
    }

    public async Task<FhirResponse> CancelAsync(string id, CancellationToken cancellationToken)
    {
        var (job, refusal) = await FindAsync(id, cancellationToken);
        if (job is null)
        {
            return refusal!;
        }

        job.Status = ExportStatus.Cancelled;
        job.UpdatedMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        ExportFiles.Delete(options.Value, id);
        return FhirResponse.Of(StatusCodes.Status202Accepted, Outcomes.Information($"Export job {id} cancelled; its files are deleted."));
    }
}
