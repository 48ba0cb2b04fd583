-- Certificates issued by the platform CA (identity.CertificateService) to cameras and stream nodes. Only what
-- revocation, the CRL and owners' listings need; never a private key (those stay on the devices).
create table certificates (
    -- The certificate's serial number, lowercase hex (random, 128 bits).
    serial            text primary key,
    -- SHA-256 of the DER certificate, lowercase hex: AWS IoT Core's certificate id of it.
    fingerprint       text        not null unique,
    kind              text        not null check (kind in ('camera', 'node')),
    camera_id         uuid references cameras (id),
    -- No foreign key: nodes are deleted with their zone, and their certificates' records stay for the CRL.
    node_id           uuid,
    organization_id   uuid references organizations (id),
    zone_id           text,
    subject           text        not null,
    not_before        timestamptz not null,
    not_after         timestamptz not null,
    issued_at         timestamptz not null,
    revoked_at        timestamptz,
    check ((kind = 'camera') = (camera_id is not null)),
    check ((kind = 'node') = (node_id is not null))
);
create index certificates_by_camera on certificates (camera_id, issued_at desc) where camera_id is not null;
create index certificates_by_node_zone on certificates (zone_id) where kind = 'node' and revoked_at is null;
-- The CRL lists revoked certificates until they expire.
create index certificates_revoked on certificates (not_after) where revoked_at is not null;
