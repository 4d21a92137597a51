-- Accounts of the people who keep the référentiel alive (issue 4): structure managers,
-- territorial coordinators, administrators. Only a name and an e-mail address are kept.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  -- lower case, trimmed: one account per address
  email text NOT NULL UNIQUE,
  name text NOT NULL DEFAULT '',
  role text NOT NULL DEFAULT 'manager' CHECK (role IN ('manager', 'coordinator', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The territories a coordinator moderates and manages.
CREATE TABLE user_territories (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  level text NOT NULL CHECK (level IN ('commune', 'epci', 'departement', 'region')),
  code text NOT NULL,
  PRIMARY KEY (user_id, level, code)
);

-- The places a structure manager manages (a claim accepted).
CREATE TABLE user_lieux (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lieu_id uuid NOT NULL REFERENCES lieux (id),
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, lieu_id)
);

-- Sessions: only a SHA-256 of the cookie's secret is stored, so a copy of the table opens nothing.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time sign-in links: single use, short-lived, stored as a SHA-256 of the token.
CREATE TABLE login_tokens (
  token_hash text PRIMARY KEY,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX login_tokens_expires ON login_tokens (expires_at);
