"""A fork child logs as its parent configured logging, as after a real fork: levels, a handler to stdout, a
FileHandler, multiprocessing's own logger. Runs under CPython 3.12 too (the children's stdout is captured by
running the scenario as a child interpreter)."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCENARIO = textwrap.dedent('''
    import logging, multiprocessing, sys
    log = logging.getLogger('app')

    def work(x):
        log.info('working on %s', x)
        logging.getLogger('quiet').warning('filtered out by its level')
        return x * x, log.getEffectiveLevel(), multiprocessing.get_logger().getEffectiveLevel()

    if __name__ == '__main__':
        logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s', stream=sys.stdout)
        logging.getLogger('quiet').setLevel(logging.ERROR)
        multiprocessing.get_logger().setLevel(32)
        to_file = logging.FileHandler(sys.argv[1], mode='w')
        to_file.setFormatter(logging.Formatter('file %(message)s'))
        log.addHandler(to_file)
        log.info('parent')
        context = multiprocessing.get_context('fork')
        with context.Pool(1) as pool:
            print(pool.map(work, [2]), flush=True)
        child = context.Process(target=work, args=(3,))
        child.start()
        child.join()
''')


class ForkChildLogging(unittest.TestCase):

    def test_the_child_has_the_parents_configuration(self):
        with tempfile.TemporaryDirectory() as directory:
            script, log_file = os.path.join(directory, 'scenario.py'), os.path.join(directory, 'out.log')
            with open(script, 'w') as f:
                f.write(SCENARIO)
            result = subprocess.run([sys.executable, script, log_file], capture_output=True, text=True,
                                    timeout=300)
            self.assertEqual('', result.stderr)
            self.assertEqual(['INFO app: parent', 'INFO app: working on 2', '[(4, 20, 32)]', 'INFO app: working on 3'],
                             result.stdout.splitlines())
            with open(log_file) as f:
                self.assertEqual(['file parent', 'file working on 2', 'file working on 3'], f.read().splitlines())


if __name__ == '__main__':
    unittest.main()
