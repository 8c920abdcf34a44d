using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// The FHIR store's schema. One subclass per database provider carries that provider's migrations
/// (<see cref="SqliteFhirDbContext"/>, <see cref="PostgreSqlFhirDbContext"/>, <see cref="SqlServerFhirDbContext"/>).
/// </summary>
internal abstract class FhirDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ResourceVersionRow> ResourceVersions => Set<ResourceVersionRow>();

    public DbSet<ResourceRow> Resources => Set<ResourceRow>();

    public DbSet<LogLeafRow> LogLeaves => Set<LogLeafRow>();

    public DbSet<LogNodeRow> LogNodes => Set<LogNodeRow>();

    public DbSet<LogHeadRow> LogHead => Set<LogHeadRow>();

    public DbSet<LogCheckpointRow> LogCheckpoints => Set<LogCheckpointRow>();

    public DbSet<Hl7MessageRow> Hl7Messages => Set<Hl7MessageRow>();

    public DbSet<TokenIndexRow> TokenIndex => Set<TokenIndexRow>();

    public DbSet<StringIndexRow> StringIndex => Set<StringIndexRow>();

    public DbSet<DateIndexRow> DateIndex => Set<DateIndexRow>();

    public DbSet<QuantityIndexRow> QuantityIndex => Set<QuantityIndexRow>();

    public DbSet<ReferenceIndexRow> ReferenceIndex => Set<ReferenceIndexRow>();

    public DbSet<UriIndexRow> UriIndex => Set<UriIndexRow>();

    public DbSet<ExportJobRow> ExportJobs => Set<ExportJobRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var versions = modelBuilder.Entity<ResourceVersionRow>();
        versions.ToTable("resource_versions");
        versions.HasKey(v => v.Id);
        versions.Property(v => v.Id).HasColumnName("id").ValueGeneratedOnAdd();
        versions.Property(v => v.ResourceType).HasColumnName("resource_type").HasMaxLength(64);
        versions.Property(v => v.ResourceId).HasColumnName("resource_id").HasMaxLength(64);
        versions.Property(v => v.VersionId).HasColumnName("version_id");
        versions.Property(v => v.LastUpdatedMs).HasColumnName("last_updated_ms");
        versions.Property(v => v.LastUpdated).HasColumnName("last_updated").HasMaxLength(40);
        versions.Property(v => v.Operation).HasColumnName("operation");
        versions.Property(v => v.Json).HasColumnName("json");
        versions.Property(v => v.Salt).HasColumnName("salt").HasMaxLength(32);
        versions.Property(v => v.PreviousLeafHash).HasColumnName("previous_leaf_hash").HasMaxLength(32);
        versions.Property(v => v.LeafIndex).HasColumnName("leaf_index");
        versions.Ignore(v => v.IsDeleted);
        // Current version: a backward seek on this unique index (no scan, no is_current flag to keep in step).
        versions.HasIndex(v => new { v.ResourceType, v.ResourceId, v.VersionId }).IsUnique().HasDatabaseName("ux_resource_versions_version");
        versions.HasIndex(v => new { v.ResourceType, v.LastUpdatedMs }).HasDatabaseName("ix_resource_versions_type_updated");
        // Type history pages newest first by row id: read in order off this index instead of sorting the type's versions.
        versions.HasIndex(v => new { v.ResourceType, v.Id }).HasDatabaseName("ix_resource_versions_type_id");
        versions.HasIndex(v => v.LastUpdatedMs).HasDatabaseName("ix_resource_versions_updated");
        versions.HasIndex(v => v.LeafIndex).IsUnique().HasDatabaseName("ux_resource_versions_leaf");

        var resources = modelBuilder.Entity<ResourceRow>();
        resources.ToTable("resources");
        resources.HasKey(r => new { r.ResourceType, r.ResourceId });
        resources.Property(r => r.ResourceType).HasColumnName("resource_type").HasMaxLength(64);
        resources.Property(r => r.ResourceId).HasColumnName("resource_id").HasMaxLength(64);
        resources.Property(r => r.VersionId).HasColumnName("version_id");
        resources.Property(r => r.IsDeleted).HasColumnName("is_deleted");
        resources.Property(r => r.LastUpdatedMs).HasColumnName("last_updated_ms");
        resources.Property(r => r.CurrentRowId).HasColumnName("current_row_id");
        resources.Property(r => r.PatientRef).HasColumnName("patient_ref").HasMaxLength(64);
        resources.Property(r => r.ManyPatients).HasColumnName("many_patients");
        // The default search order (newest lastUpdated first, then id), so a page is read off it in order;
        // is_deleted, as a filter (searches write it NOT is_deleted, which is no equality an index could seek on),
        // then the patient columns a research client's consent filter tests, so that page is read off the index alone too.
        resources.HasIndex(r => new { r.ResourceType, r.LastUpdatedMs, r.ResourceId, r.IsDeleted, r.PatientRef, r.ManyPatients }).IsDescending(false, true, false, false, false, false).HasDatabaseName("ix_resources_type_updated");
        // A search checks and sorts each candidate by its key, and a research client's filter tests its patient:
        // this index answers both without reading the table.
        resources.HasIndex(r => new { r.ResourceType, r.ResourceId, r.IsDeleted, r.LastUpdatedMs, r.CurrentRowId, r.PatientRef, r.ManyPatients }).HasDatabaseName("ix_resources_current");

        var leaves = modelBuilder.Entity<LogLeafRow>();
        leaves.ToTable("log_leaves");
        leaves.HasKey(l => l.LeafIndex);
        leaves.Property(l => l.LeafIndex).HasColumnName("leaf_index").ValueGeneratedNever();
        leaves.Property(l => l.LeafHash).HasColumnName("leaf_hash").HasMaxLength(32);
        leaves.Property(l => l.ResourceType).HasColumnName("resource_type").HasMaxLength(64);
        leaves.Property(l => l.ResourceId).HasColumnName("resource_id").HasMaxLength(64);
        leaves.Property(l => l.VersionId).HasColumnName("version_id");
        leaves.HasIndex(l => new { l.ResourceType, l.ResourceId, l.VersionId }).IsUnique().HasDatabaseName("ux_log_leaves_version");

        var nodes = modelBuilder.Entity<LogNodeRow>();
        nodes.ToTable("log_nodes");
        nodes.HasKey(n => n.Key);
        nodes.Property(n => n.Key).HasColumnName("node_key").ValueGeneratedNever();
        nodes.Property(n => n.Hash).HasColumnName("hash").HasMaxLength(32);

        var head = modelBuilder.Entity<LogHeadRow>();
        head.ToTable("log_head");
        head.HasKey(h => h.Id);
        head.Property(h => h.Id).HasColumnName("id").ValueGeneratedNever();
        head.Property(h => h.Size).HasColumnName("size");
        head.Property(h => h.RootHash).HasColumnName("root_hash").HasMaxLength(32);

        var checkpoints = modelBuilder.Entity<LogCheckpointRow>();
        checkpoints.ToTable("log_checkpoints");
        checkpoints.HasKey(c => c.TreeSize);
        checkpoints.Property(c => c.TreeSize).HasColumnName("tree_size").ValueGeneratedNever();
        checkpoints.Property(c => c.RootHash).HasColumnName("root_hash").HasMaxLength(32);
        checkpoints.Property(c => c.SignedNote).HasColumnName("signed_note");
        checkpoints.Property(c => c.CreatedMs).HasColumnName("created_ms");

        var hl7 = modelBuilder.Entity<Hl7MessageRow>();
        hl7.ToTable("hl7_messages");
        hl7.HasKey(m => new { m.Sender, m.ControlId });
        hl7.Property(m => m.Sender).HasColumnName("sender").HasMaxLength(400);
        hl7.Property(m => m.ControlId).HasColumnName("control_id").HasMaxLength(200);
        hl7.Property(m => m.Ack).HasColumnName("ack");
        hl7.Property(m => m.ReceivedMs).HasColumnName("received_ms");

        var jobs = modelBuilder.Entity<ExportJobRow>();
        jobs.ToTable("export_jobs");
        jobs.HasKey(j => j.Id);
        jobs.Property(j => j.Id).HasColumnName("id").HasMaxLength(64);
        jobs.Property(j => j.Status).HasColumnName("status").HasMaxLength(16);
        jobs.Property(j => j.Level).HasColumnName("level").HasMaxLength(16);
        jobs.Property(j => j.GroupId).HasColumnName("group_id").HasMaxLength(64);
        jobs.Property(j => j.Types).HasColumnName("types");
        jobs.Property(j => j.SinceMs).HasColumnName("since_ms");
        jobs.Property(j => j.TypeFilters).HasColumnName("type_filters");
        jobs.Property(j => j.Deidentify).HasColumnName("deidentify");
        jobs.Property(j => j.DeidentifyKey).HasColumnName("deidentify_key").HasMaxLength(32);
        jobs.Property(j => j.RequestUrl).HasColumnName("request_url");
        jobs.Property(j => j.BaseUrl).HasColumnName("base_url").HasMaxLength(1024);
        jobs.Property(j => j.CallerJson).HasColumnName("caller_json");
        jobs.Property(j => j.TransactionTimeMs).HasColumnName("transaction_time_ms");
        jobs.Property(j => j.UpdatedMs).HasColumnName("updated_ms");
        jobs.Property(j => j.Progress).HasColumnName("progress").HasMaxLength(256);
        jobs.Property(j => j.ManifestJson).HasColumnName("manifest_json");
        jobs.Property(j => j.Error).HasColumnName("error");
        jobs.HasIndex(j => new { j.Status, j.TransactionTimeMs }).HasDatabaseName("ix_export_jobs_status");

        MapIndex(modelBuilder.Entity<TokenIndexRow>(), "search_token", e =>
        {
            e.Property(r => r.System).HasColumnName("system").HasMaxLength(512);
            e.Property(r => r.Code).HasColumnName("code").HasMaxLength(512);
            e.Property(r => r.Text).HasColumnName("text").HasMaxLength(1024);
            e.Property(r => r.QualifierSystem).HasColumnName("qualifier_system").HasMaxLength(512);
            e.Property(r => r.QualifierCode).HasColumnName("qualifier_code").HasMaxLength(512);
            e.HasIndex(r => new { r.ResourceType, r.Param, r.Code, r.System, r.ResourceId }).HasDatabaseName("ix_search_token_value");
        }, r => new { r.ResourceType, r.ResourceId, r.Param, r.Code, r.System });
        MapIndex(modelBuilder.Entity<StringIndexRow>(), "search_string", e =>
        {
            e.Property(r => r.Normalized).HasColumnName("normalized").HasMaxLength(1024);
            e.Property(r => r.Exact).HasColumnName("exact").HasMaxLength(1024);
            e.HasIndex(r => new { r.ResourceType, r.Param, r.Normalized, r.ResourceId }).HasDatabaseName("ix_search_string_value");
        }, r => new { r.ResourceType, r.ResourceId, r.Param, r.Normalized });
        MapIndex(modelBuilder.Entity<DateIndexRow>(), "search_date", e =>
        {
            e.Property(r => r.StartMs).HasColumnName("start_ms");
            e.Property(r => r.EndMs).HasColumnName("end_ms");
            e.HasIndex(r => new { r.ResourceType, r.Param, r.StartMs, r.EndMs, r.ResourceId }).HasDatabaseName("ix_search_date_value");
            e.HasIndex(r => new { r.ResourceType, r.Param, r.EndMs, r.ResourceId }).HasDatabaseName("ix_search_date_end");
        }, r => new { r.ResourceType, r.ResourceId, r.Param, r.StartMs, r.EndMs });
        MapIndex(modelBuilder.Entity<QuantityIndexRow>(), "search_quantity", e =>
        {
            e.Property(r => r.System).HasColumnName("system").HasMaxLength(512);
            e.Property(r => r.Code).HasColumnName("code").HasMaxLength(256);
            e.Property(r => r.Value).HasColumnName("value");
            e.Property(r => r.Low).HasColumnName("low");
            e.Property(r => r.High).HasColumnName("high");
            e.Property(r => r.CanonicalCode).HasColumnName("canonical_code").HasMaxLength(64);
            e.Property(r => r.CanonicalValue).HasColumnName("canonical_value");
            e.Property(r => r.QualifierSystem).HasColumnName("qualifier_system").HasMaxLength(512);
            e.Property(r => r.QualifierCode).HasColumnName("qualifier_code").HasMaxLength(512);
            // Partial: each index holds only the rows its queries can ask for, since every index entry
            // at a random value costs a page write at commit.
            e.HasIndex(r => new { r.ResourceType, r.Param, r.Value }).HasDatabaseName("ix_search_quantity_value").HasFilter("qualifier_code IS NULL");
            e.HasIndex(r => new { r.ResourceType, r.Param, r.CanonicalCode, r.CanonicalValue }).HasDatabaseName("ix_search_quantity_canonical").HasFilter("canonical_code IS NOT NULL");
            e.HasIndex(r => new { r.ResourceType, r.Param, r.QualifierCode, r.Value }).HasDatabaseName("ix_search_quantity_composite").HasFilter("qualifier_code IS NOT NULL");
        }, r => new { r.ResourceType, r.ResourceId, r.Param });
        MapIndex(modelBuilder.Entity<ReferenceIndexRow>(), "search_reference", e =>
        {
            e.Property(r => r.TargetType).HasColumnName("target_type").HasMaxLength(64);
            e.Property(r => r.TargetId).HasColumnName("target_id").HasMaxLength(64);
            e.Property(r => r.Url).HasColumnName("url").HasMaxLength(1024);
            e.HasIndex(r => new { r.ResourceType, r.Param, r.TargetId, r.TargetType, r.ResourceId }).HasDatabaseName("ix_search_reference_target");
            e.HasIndex(r => new { r.TargetType, r.TargetId }).HasDatabaseName("ix_search_reference_reverse");
        }, r => new { r.ResourceType, r.ResourceId, r.Param, r.TargetType, r.TargetId });
        MapIndex(modelBuilder.Entity<UriIndexRow>(), "search_uri", e =>
        {
            e.Property(r => r.Value).HasColumnName("value").HasMaxLength(1024);
            e.HasIndex(r => new { r.ResourceType, r.Param, r.Value }).HasDatabaseName("ix_search_uri_value");
        }, r => new { r.ResourceType, r.ResourceId, r.Param });
    }

    /// <summary>
    /// Maps an index table. Each has a value index per query shape, led by (resource_type, param, value...)
    /// and ending in resource_id, so the rows a clause selects are read from the index alone; and
    /// <paramref name="byResource"/>, led by (resource_type, resource_id, param, value...), which
    /// tests one candidate with one seek (<see cref="Search.CorrelatedProbe"/>) and finds a
    /// resource's rows when it is written again.
    /// </summary>
    private static void MapIndex<TRow>(EntityTypeBuilder<TRow> entity, string table, Action<EntityTypeBuilder<TRow>> configure, System.Linq.Expressions.Expression<Func<TRow, object?>> byResource)
        where TRow : SearchIndexRow
    {
        entity.ToTable(table);
        entity.HasKey(r => r.Id);
        entity.Property(r => r.Id).HasColumnName("id").ValueGeneratedOnAdd();
        entity.Property(r => r.ResourceType).HasColumnName("resource_type").HasMaxLength(64);
        entity.Property(r => r.ResourceId).HasColumnName("resource_id").HasMaxLength(64);
        entity.Property(r => r.Param).HasColumnName("param").HasMaxLength(128);
        entity.HasIndex(byResource).HasDatabaseName($"ix_{table}_resource");
        configure(entity);
    }
}
