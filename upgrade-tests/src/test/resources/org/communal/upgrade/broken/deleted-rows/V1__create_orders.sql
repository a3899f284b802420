CREATE TABLE orders (id serial CONSTRAINT orders_pkey PRIMARY KEY, customer text NOT NULL,
                     status text NOT NULL CHECK (status IN ('open', 'shipped', 'cancelled')));
