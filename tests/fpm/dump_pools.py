"""dump_pools.py - `proxyfpm dump --fpm --json` pools in php-fpm -tt's
terms, shared by fpm_oracle.py and fpm_corpus.py."""


def dump_pools(doc):
    """{pool name: [(directive, value)]} of doc['pools'] (the "fpm" object
    of dump --json), without the hidden status pools -tt does not print;
    env[], php_value[] and php_admin_value[] last and access.suppress_path[]
    among themselves newest first, as php-fpm keeps those lists."""
    pools = {}
    for pl in doc['pools']:
        if pl['status_of']:
            continue
        out, env, php, adm, sup = [], [], [], [], []
        for x in pl['directives']:
            k = x['name'].replace(' (overridden)', '')
            v = 'undefined' if x['value'] is None else x['value']
            if k == 'access.suppress_path[]':
                sup.append((k, v))      # a list php-fpm prepends to too
            elif k.startswith('env['):
                env.append((k, v))
            elif k.startswith('php_admin_value['):
                adm.append((k, v))
            elif k.startswith('php_value['):
                php.append((k, v))
            else:
                out.append((k, v))
        pools[pl['name']] = out + sup[::-1] + env[::-1] + php[::-1] + adm[::-1]
    return pools
